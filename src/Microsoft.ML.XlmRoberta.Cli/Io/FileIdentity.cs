using System.Runtime.InteropServices;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Whether two paths name the same file: by device and inode on 64-bit Linux (symbolic and hard links alike), and
/// elsewhere by the paths with every symbolic link resolved.
/// </summary>
internal static partial class FileIdentity
{
    private const int MaxLinkDepth = 40;

    /// <summary>True when both paths exist and are the same file.</summary>
    public static bool Same(string a, string b)
    {
        if (!File.Exists(a) || !File.Exists(b))
        {
            return false;
        }

        if (TryInode(a, out (ulong Device, ulong Inode) ia) && TryInode(b, out (ulong Device, ulong Inode) ib))
        {
            return ia == ib;
        }

        StringComparison comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return string.Equals(Resolve(a), Resolve(b), comparison);
    }

    /// <summary><paramref name="path"/> made absolute with every symbolic link along it resolved.</summary>
    public static string Resolve(string path) => Resolve(Path.GetFullPath(path), 0);

    private static string Resolve(string full, int depth)
    {
        string root = Path.GetPathRoot(full) ?? string.Empty;
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is string target && depth < MaxLinkDepth)
            {
                current = Resolve(Path.GetFullPath(target, Path.GetDirectoryName(current) ?? root), depth + 1);
            }
        }

        return current;
    }

    private static bool TryInode(string path, out (ulong Device, ulong Inode) identity)
    {
        identity = default;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return false;
        }

        // struct stat on 64-bit Linux begins with st_dev and st_ino, 8 bytes each; the rest is not read.
        byte[] buffer = new byte[256];
        try
        {
            if (Stat(path, buffer) != 0)
            {
                return false;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }

        identity = (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
        return true;
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, [Out] byte[] buffer);
}

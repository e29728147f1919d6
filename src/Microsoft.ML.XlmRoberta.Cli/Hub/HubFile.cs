namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// A file of a repository at one commit: its path, size and content id. The id is the name of its blob in the cache:
/// the SHA-256 of the content for Git LFS files, the git blob SHA-1 for the others. Both are verified on download.
/// </summary>
/// <param name="Path">Path inside the repository, with '/' separators.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Etag">SHA-256 (LFS) or git blob SHA-1, lower-case hex.</param>
/// <param name="IsLfs">Whether <paramref name="Etag"/> is a SHA-256 of the content (else a git blob SHA-1).</param>
public sealed record HubFile(string Path, long Size, string Etag, bool IsLfs);

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>Progress of a repository download, reported as bytes arrive.</summary>
/// <param name="File">The file being downloaded.</param>
/// <param name="FileBytes">Bytes of that file on disk so far.</param>
/// <param name="TotalBytes">Bytes of all selected files on disk so far.</param>
/// <param name="TotalSize">Size of all selected files.</param>
public readonly record struct HubDownloadProgress(string File, long FileBytes, long TotalBytes, long TotalSize);

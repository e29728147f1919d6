namespace Microsoft.ML.XlmRoberta.Cli;

/// <summary>Process exit codes that scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>Every input was processed and written.</summary>
    public const int Success = 0;

    /// <summary>Unexpected internal failure (a bug): the message and stack trace go to stderr.</summary>
    public const int InternalError = 1;

    /// <summary>The command line is wrong (unknown option, bad value).</summary>
    public const int UsageError = 2;

    /// <summary>The model folder cannot be found or is not a usable XLM-R model folder.</summary>
    public const int ModelError = 3;

    /// <summary>An input line or file is malformed or unreadable (with <c>--on-error stop</c>).</summary>
    public const int InputError = 4;

    /// <summary>The output cannot be written.</summary>
    public const int OutputError = 5;

    /// <summary>Some input lines were skipped with <c>--on-error skip</c>; the rest was written.</summary>
    public const int CompletedWithSkippedLines = 6;

    /// <summary>A model repository could not be downloaded (network, access, not found, verification, offline miss).</summary>
    public const int DownloadError = 7;
}

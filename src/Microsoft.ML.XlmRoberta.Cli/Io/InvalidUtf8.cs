namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>What to do with input bytes that are not UTF-8.</summary>
public enum InvalidUtf8
{
    /// <summary>The line is an error (stop or skip, as <see cref="OnError"/> says).</summary>
    Error,

    /// <summary>Read them as U+FFFD and go on.</summary>
    Replace,
}

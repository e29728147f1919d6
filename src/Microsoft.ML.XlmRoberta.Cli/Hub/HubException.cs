namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>A model repository could not be downloaded or found in the cache; the message says which and why.</summary>
public sealed class HubException : XlmRobertaException
{
    /// <summary>Creates the exception.</summary>
    public HubException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

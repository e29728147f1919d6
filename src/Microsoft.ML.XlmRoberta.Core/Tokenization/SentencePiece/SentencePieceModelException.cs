namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// Thrown when a SentencePiece model file or a tokenizer configuration file is missing, unreadable or malformed.
/// The message names the file and the problem.
/// </summary>
public sealed class SentencePieceModelException : XlmRobertaException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file that could not be loaded.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SentencePieceModelException(string filePath, string problem, Exception? innerException = null)
        : base($"Cannot load tokenizer file '{filePath}': {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file that could not be loaded.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with the file.</summary>
    public string Problem { get; }
}

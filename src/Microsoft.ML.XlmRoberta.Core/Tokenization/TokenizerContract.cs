// TEMPORARY: the tokenizer contract, so the encoder compiles before the real tokenizer is merged.
// Drop this file at merge; every member throws NotImplementedException.
#pragma warning disable CS1591 // Missing XML comment (temporary file)
namespace Microsoft.ML.XlmRoberta.Tokenization;

public sealed class XlmRobertaTokenizer
{
    public static XlmRobertaTokenizer FromModelFolder(string folder) => throw new NotImplementedException();
    public int BosTokenId => throw new NotImplementedException();
    public int EosTokenId => throw new NotImplementedException();
    public int PadTokenId => throw new NotImplementedException();
    public int UnknownTokenId => throw new NotImplementedException();
    public int MaskTokenId => throw new NotImplementedException();
    public int VocabularySize => throw new NotImplementedException();
    public int ModelMaxLength => throw new NotImplementedException();
    public string? IdToToken(int id) => throw new NotImplementedException();
    public int? TokenToId(string token) => throw new NotImplementedException();
    public XlmRobertaEncoding Encode(string text, string? textPair = null, XlmRobertaEncodeOptions? options = null) => throw new NotImplementedException();
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true) => throw new NotImplementedException();
}

public sealed class XlmRobertaEncodeOptions
{
    public int? MaxLength { get; init; }
    public bool Truncation { get; init; } = true;
    public TruncationStrategy TruncationStrategy { get; init; } = TruncationStrategy.LongestFirst;
    public bool AddSpecialTokens { get; init; } = true;
    public int? PadToMultipleOf { get; init; }
}

public enum TruncationStrategy { LongestFirst, OnlyFirst, OnlySecond }

public readonly record struct TokenOffset(int Start, int End);

public sealed class XlmRobertaEncoding
{
    public IReadOnlyList<int> Ids => throw new NotImplementedException();
    public IReadOnlyList<string> Tokens => throw new NotImplementedException();
    public IReadOnlyList<TokenOffset> Offsets => throw new NotImplementedException();
    public IReadOnlyList<int> SequenceIds => throw new NotImplementedException();
    public bool IsTruncated => throw new NotImplementedException();
    public int Count => throw new NotImplementedException();
}

public static class BatchPadding
{
    public static void Pad(IReadOnlyList<XlmRobertaEncoding> rows, int sequenceLength, int padTokenId, Span<long> inputIds, Span<long> attentionMask) => throw new NotImplementedException();
}

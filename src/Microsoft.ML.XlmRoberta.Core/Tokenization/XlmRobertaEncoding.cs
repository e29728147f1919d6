using System.Collections;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>The result of encoding one text or text pair.</summary>
public sealed class XlmRobertaEncoding
{
    private readonly int[] _ids;

    internal XlmRobertaEncoding(int[] ids, TokenOffset[] offsets, int[] sequenceIds, bool isTruncated, Vocabulary vocabulary)
    {
        _ids = ids;
        Ids = ids;
        Offsets = offsets;
        SequenceIds = sequenceIds;
        IsTruncated = isTruncated;
        Tokens = new TokenList(ids, vocabulary);
    }

    /// <summary>The token ids.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>The token strings, looked up in the vocabulary table (no per-token allocation once a token has been used).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>For each token, its range in the original text; added <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c> get <c>[0, 0)</c>.</summary>
    public IReadOnlyList<TokenOffset> Offsets { get; }

    /// <summary>For each token: -1 for added special tokens, 0 for the text, 1 for the text pair.</summary>
    public IReadOnlyList<int> SequenceIds { get; }

    /// <summary>Whether tokens were removed to respect the maximum length.</summary>
    public bool IsTruncated { get; }

    /// <summary>The number of tokens.</summary>
    public int Count => _ids.Length;

    /// <summary>The ids as a span, without copying.</summary>
    public ReadOnlySpan<int> IdsSpan => _ids;

    private sealed class TokenList(int[] ids, Vocabulary vocabulary) : IReadOnlyList<string>
    {
        public string this[int index] => vocabulary[ids[index]];

        public int Count => ids.Length;

        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < ids.Length; i++)
            {
                yield return vocabulary[ids[i]];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

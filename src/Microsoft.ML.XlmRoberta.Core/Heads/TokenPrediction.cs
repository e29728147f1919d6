namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>The token-classification output for one token.</summary>
public sealed class TokenPrediction
{
    internal TokenPrediction(
        int index, int tokenId, string? token, int? start, int? end, bool isSpecial, float[] probabilities, IReadOnlyList<string> labels)
    {
        Index = index;
        TokenId = tokenId;
        Token = token;
        Start = start;
        End = end;
        IsSpecial = isSpecial;
        Probabilities = probabilities;
        LabelId = Softmax.ArgMax(probabilities);
        Label = labels[LabelId];
    }

    /// <summary>The token's position in the encoded sequence (0 is <c>&lt;s&gt;</c>).</summary>
    public int Index { get; }

    /// <summary>The token id.</summary>
    public int TokenId { get; }

    /// <summary>The SentencePiece piece, when the input was text; otherwise <see langword="null"/>.</summary>
    public string? Token { get; }

    /// <summary>Start of the token in the text (UTF-16, inclusive), when the input was text.</summary>
    public int? Start { get; }

    /// <summary>End of the token in the text (UTF-16, exclusive), when the input was text.</summary>
    public int? End { get; }

    /// <summary>Whether this is a special token (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, ...); aggregation skips those.</summary>
    public bool IsSpecial { get; }

    /// <summary>The softmax over labels.</summary>
    public float[] Probabilities { get; }

    /// <summary>The arg-max label id.</summary>
    public int LabelId { get; }

    /// <summary>The arg-max label (<c>id2label</c>).</summary>
    public string Label { get; }

    /// <summary>The probability of <see cref="Label"/>.</summary>
    public float Score => Probabilities[LabelId];
}

namespace Microsoft.ML.XlmRoberta.Tests.TestData;

/// <summary>A text row (and label) for in-memory data views.</summary>
public sealed class TextRow
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>A text pair row.</summary>
public sealed class PairRow
{
    public string Text { get; set; } = "";

    public string Pair { get; set; } = "";
}

/// <summary>A prediction row for <c>PredictionEngine</c>.</summary>
public sealed class EmbeddingRow
{
    public float[] Features { get; set; } = [];
}

using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>The custom-mapping contracts of saved tokenization and classification transforms.</summary>
internal static class TaskContracts
{
    public const string Tokenize = "XlmRoberta.Tokenize";
    public const string SequenceClassification = "XlmRoberta.SequenceClassification";
    public const string TokenClassification = "XlmRoberta.TokenClassification";
}

/// <summary>Tokenization outputs (variable-size vectors, as when live).</summary>
internal sealed class TokenizeRow : IPersistedRow
{
    [ColumnName(PersistedColumns.Out0)]
    public long[] InputIds { get; set; } = [];

    [ColumnName(PersistedColumns.Out1)]
    public long[] AttentionMask { get; set; } = [];

    [ColumnName(PersistedColumns.Out2)]
    public string[] Tokens { get; set; } = [];

    public void Fill(BatchValues values)
    {
        InputIds = ((long[][])values.Columns[0])[0];
        AttentionMask = ((long[][])values.Columns[1])[0];
        Tokens = ((string[][])values.Columns[2])[0];
    }
}

/// <summary>Loads saved tokenization transforms.</summary>
[CustomMappingFactoryAttribute(TaskContracts.Tokenize)]
internal sealed class TokenizeFactory : PersistedMappingFactory<TokenizeRow>
{
}

/// <summary>Sequence-classification outputs (logits and scores load as variable-size vectors).</summary>
internal sealed class SequenceClassificationRow : IPersistedRow
{
    [ColumnName(PersistedColumns.Out0)]
    public float[] Logits { get; set; } = [];

    [ColumnName(PersistedColumns.Out1)]
    public float[] Score { get; set; } = [];

    [ColumnName(PersistedColumns.Out2)]
    public string PredictedLabel { get; set; } = "";

    public void Fill(BatchValues values)
    {
        Logits = ((float[][])values.Columns[0])[0];
        Score = ((float[][])values.Columns[1])[0];
        PredictedLabel = ((string[])values.Columns[2])[0];
    }
}

/// <summary>Loads saved sequence-classification transforms.</summary>
[CustomMappingFactoryAttribute(TaskContracts.SequenceClassification)]
internal sealed class SequenceClassificationFactory : PersistedMappingFactory<SequenceClassificationRow>
{
}

/// <summary>Token-classification outputs.</summary>
internal sealed class TokenClassificationRow : IPersistedRow
{
    [ColumnName(PersistedColumns.Out0)]
    public string[] Tokens { get; set; } = [];

    [ColumnName(PersistedColumns.Out1)]
    public string[] Labels { get; set; } = [];

    [ColumnName(PersistedColumns.Out2)]
    public float[] Scores { get; set; } = [];

    [ColumnName(PersistedColumns.Out3)]
    public int[] Starts { get; set; } = [];

    [ColumnName(PersistedColumns.Out4)]
    public int[] Ends { get; set; } = [];

    public void Fill(BatchValues values)
    {
        Tokens = ((string[][])values.Columns[0])[0];
        Labels = ((string[][])values.Columns[1])[0];
        Scores = ((float[][])values.Columns[2])[0];
        Starts = ((int[][])values.Columns[3])[0];
        Ends = ((int[][])values.Columns[4])[0];
    }
}

/// <summary>Loads saved token-classification transforms.</summary>
[CustomMappingFactoryAttribute(TaskContracts.TokenClassification)]
internal sealed class TokenClassificationFactory : PersistedMappingFactory<TokenClassificationRow>
{
}

using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>Tokenization outputs (variable-size vectors, as when live).</summary>
internal sealed class TokenizeRow : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    public long[] InputIds { get; set; } = [];

    [ColumnName(SavedForm.Output1)]
    public long[] AttentionMask { get; set; } = [];

    [ColumnName(SavedForm.Output2)]
    public string[] Tokens { get; set; } = [];

    public void Fill(BatchValues values)
    {
        InputIds = ((long[][])values.Columns[0])[0];
        AttentionMask = ((long[][])values.Columns[1])[0];
        Tokens = ((string[][])values.Columns[2])[0];
    }
}

/// <summary>Loads saved tokenization transforms.</summary>
[CustomMappingFactoryAttribute(TokenizeXlmRobertaTransformer.SavedContract)]
internal sealed class TokenizeFactory : SavedMappingFactory<TokenizeRow>
{
}

/// <summary>Sequence-classification outputs (logits and scores load as variable-size vectors).</summary>
internal sealed class SequenceClassificationRow : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    public float[] Logits { get; set; } = [];

    [ColumnName(SavedForm.Output1)]
    public float[] Score { get; set; } = [];

    [ColumnName(SavedForm.Output2)]
    public string PredictedLabel { get; set; } = "";

    public void Fill(BatchValues values)
    {
        Logits = ((float[][])values.Columns[0])[0];
        Score = ((float[][])values.Columns[1])[0];
        PredictedLabel = ((string[])values.Columns[2])[0];
    }
}

/// <summary>Loads saved sequence-classification transforms.</summary>
[CustomMappingFactoryAttribute(ClassifyXlmRobertaTransformer.SavedContract)]
internal sealed class SequenceClassificationFactory : SavedMappingFactory<SequenceClassificationRow>
{
}

/// <summary>Token-classification outputs.</summary>
internal sealed class TokenClassificationRow : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    public string[] Tokens { get; set; } = [];

    [ColumnName(SavedForm.Output1)]
    public string[] Labels { get; set; } = [];

    [ColumnName(SavedForm.Output2)]
    public float[] Scores { get; set; } = [];

    [ColumnName(SavedForm.Output3)]
    public int[] Starts { get; set; } = [];

    [ColumnName(SavedForm.Output4)]
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
[CustomMappingFactoryAttribute(ClassifyTokensXlmRobertaTransformer.SavedContract)]
internal sealed class TokenClassificationFactory : SavedMappingFactory<TokenClassificationRow>
{
}

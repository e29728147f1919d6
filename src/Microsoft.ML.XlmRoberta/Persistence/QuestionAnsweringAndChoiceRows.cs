using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>Question-answering outputs (the rows of the two heads added with question answering share this file).</summary>
internal sealed class QuestionAnsweringRow : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    public string Answer { get; set; } = "";

    [ColumnName(SavedForm.Output1)]
    public float Score { get; set; }

    [ColumnName(SavedForm.Output2)]
    public int Start { get; set; }

    [ColumnName(SavedForm.Output3)]
    public int End { get; set; }

    [ColumnName(SavedForm.Output4)]
    public string[] Answers { get; set; } = [];

    [ColumnName(SavedForm.Output5)]
    public float[] Scores { get; set; } = [];

    [ColumnName(SavedForm.Output6)]
    public int[] Starts { get; set; } = [];

    [ColumnName(SavedForm.Output7)]
    public int[] Ends { get; set; } = [];

    public void Fill(BatchValues values)
    {
        Answer = ((string[])values.Columns[0])[0];
        Score = ((float[])values.Columns[1])[0];
        Start = ((int[])values.Columns[2])[0];
        End = ((int[])values.Columns[3])[0];
        Answers = ((string[][])values.Columns[4])[0];
        Scores = ((float[][])values.Columns[5])[0];
        Starts = ((int[][])values.Columns[6])[0];
        Ends = ((int[][])values.Columns[7])[0];
    }
}

/// <summary>Loads saved question-answering transforms.</summary>
[CustomMappingFactoryAttribute(AnswerQuestionXlmRobertaTransformer.SavedContract)]
internal sealed class QuestionAnsweringFactory : SavedMappingFactory<QuestionAnsweringRow>
{
}

/// <summary>Multiple-choice outputs.</summary>
internal sealed class MultipleChoiceRow : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    public float[] Logits { get; set; } = [];

    [ColumnName(SavedForm.Output1)]
    public float[] Score { get; set; } = [];

    [ColumnName(SavedForm.Output2)]
    public int PredictedIndex { get; set; }

    public void Fill(BatchValues values)
    {
        Logits = ((float[][])values.Columns[0])[0];
        Score = ((float[][])values.Columns[1])[0];
        PredictedIndex = ((int[])values.Columns[2])[0];
    }
}

/// <summary>Loads saved multiple-choice transforms.</summary>
[CustomMappingFactoryAttribute(ChooseXlmRobertaTransformer.SavedContract)]
internal sealed class MultipleChoiceFactory : SavedListMappingFactory<MultipleChoiceRow>
{
}

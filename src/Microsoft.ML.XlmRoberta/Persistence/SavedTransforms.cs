namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>Makes the live transformer a saved XLM-R transform stands for, from its settings.</summary>
internal static class SavedTransforms
{
    /// <summary>The transformer of <paramref name="settings"/>, its model folder passed through <see cref="XlmRobertaModelLocation"/>.</summary>
    /// <exception cref="XlmRobertaException">The settings name an unknown task or cannot be read.</exception>
    public static XlmRobertaTransformer Create(SavedSettings settings) => settings.Task switch
    {
        TokenizeXlmRobertaTransformer.TaskName => TokenizeXlmRobertaTransformer.Load(Relocated<TokenizeXlmRobertaOptions>(settings)),
        EmbedXlmRobertaTransformer.TaskName => EmbedXlmRobertaTransformer.Load(EmbedXlmRobertaTransformer.Upgrade(Relocated<EmbedXlmRobertaOptions>(settings), settings.Version)),
        ClassifyXlmRobertaTransformer.TaskName => ClassifyXlmRobertaTransformer.Load(Relocated<ClassifyXlmRobertaOptions>(settings)),
        ClassifyTokensXlmRobertaTransformer.TaskName => ClassifyTokensXlmRobertaTransformer.Load(Relocated<ClassifyTokensXlmRobertaOptions>(settings)),
        AnswerQuestionXlmRobertaTransformer.TaskName => AnswerQuestionXlmRobertaTransformer.Load(Relocated<AnswerQuestionXlmRobertaOptions>(settings)),
        ChooseXlmRobertaTransformer.TaskName => ChooseXlmRobertaTransformer.Load(Relocated<ChooseXlmRobertaOptions>(settings)),
        _ => throw new XlmRobertaException($"A saved XLM-R transform has the unknown task '{settings.Task}'; it was saved by another version of Microsoft.ML.XlmRoberta."),
    };

    private static T Relocated<T>(SavedSettings settings)
        where T : XlmRobertaTransformOptions
    {
        T options = settings.OptionsAs<T>();
        options.ModelFolder = XlmRobertaModelLocation.Apply(options.ModelFolder);
        return options;
    }
}

using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Engine;

/// <summary>Loads (once per settings, see <see cref="EngineCache"/>) the core objects a task runs on.</summary>
internal static class EncoderLoader
{
    public static XlmRobertaEncoder Encoder(TaskConfig config) =>
        EngineCache.GetEngine(config.EngineKey, () => XlmRobertaEncoder.Load(config.ModelFolder, config.ToEncoderOptions()));

    public static XlmRobertaTokenizer Tokenizer(TaskConfig config) =>
        EngineCache.GetEngine("tokenizer|" + Path.GetFullPath(config.ModelFolder), () => XlmRobertaTokenizer.FromModelFolder(config.ModelFolder));
}

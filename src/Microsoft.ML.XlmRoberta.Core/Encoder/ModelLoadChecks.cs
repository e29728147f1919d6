using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// The load steps of an encoder that can fail on a bad model folder, each turning every failure into a typed
/// exception naming the file and field: tokenizer files, the ONNX session, the graph signature, and the agreement of
/// config.json, the tokenizer and the graph.
/// </summary>
internal static class ModelLoadChecks
{
    public static XlmRobertaTokenizer LoadTokenizer(XlmRobertaModelFolder folder)
    {
        try
        {
            return XlmRobertaTokenizer.FromModelFolder(folder.Folder);
        }
        catch (SentencePieceModelException e)
        {
            string path = Path.IsPathRooted(e.FilePath) ? e.FilePath : Path.Combine(folder.Folder, e.FilePath);
            throw new XlmRobertaModelException(e.Message, path, Path.GetFileName(path), e);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or XlmRobertaException))
        {
            // A corrupt file can trip the parser in ways it does not anticipate; it is still the file's fault.
            throw new XlmRobertaModelException(
                $"Cannot load tokenizer file '{folder.TokenizerPath}': not a valid SentencePiece model ({e.GetType().Name}: {e.Message}).",
                folder.TokenizerPath, XlmRobertaModelFolder.TokenizerFile, e);
        }
    }

    /// <summary>Token ids the tokenizer can produce must exist in the model's embedding table.</summary>
    public static void RequireVocabulary(XlmRobertaConfig config, XlmRobertaTokenizer tokenizer, string tokenizerPath)
    {
        if (config.VocabularySize is int size && size < tokenizer.VocabularySize)
        {
            throw new XlmRobertaModelException(
                $"'{config.Path}': vocab_size {size} is smaller than the {tokenizer.VocabularySize} ids of '{tokenizerPath}'; " +
                "the tokenizer does not belong to this model.", config.Path, "vocab_size");
        }
    }

    /// <summary>The model has one pad id: config.json's <c>pad_token_id</c> must be the tokenizer's pad token.</summary>
    public static void RequirePadAgreement(XlmRobertaModelFolder folder, XlmRobertaTokenizer tokenizer)
    {
        if (folder.PadTokenId != tokenizer.PadTokenId)
        {
            throw new XlmRobertaModelException(
                $"'{folder.Config.Path}': pad_token_id {folder.PadTokenId} is not the pad token id {tokenizer.PadTokenId} of '{folder.TokenizerPath}'.",
                folder.Config.Path, "pad_token_id");
        }
    }

    public static InferenceSession CreateSession(string onnxPath, XlmRobertaEncoderOptions options, out ExecutionProvider active)
    {
        try
        {
            return OnnxSessionFactory.Create(onnxPath, options, out active);
        }
        catch (OnnxRuntimeException e)
        {
            throw new XlmRobertaModelException($"ONNX Runtime cannot load '{onnxPath}': {e.Message}", onnxPath, Path.GetFileName(onnxPath), e);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeUnavailableException(e);
        }
    }

    public static ModelSignature DiscoverSignature(InferenceSession session, XlmRobertaModelFolder folder, bool multipleChoice = false)
    {
        ModelSignature signature;
        try
        {
            signature = ModelSignature.Discover(session, folder.OnnxPath, multipleChoice);
        }
        catch (OnnxRuntimeException e)
        {
            throw new XlmRobertaModelException(
                $"ONNX Runtime cannot read the inputs and outputs of '{folder.OnnxPath}': {e.Message}", folder.OnnxPath, Path.GetFileName(folder.OnnxPath), e);
        }

        // The encoder's own hidden states must be as wide as config.json says, whatever head runs on top.
        const string HiddenOutput = "last_hidden_state";
        if (signature.OutputRanks.TryGetValue(HiddenOutput, out int rank) && rank == 3)
        {
            signature.RequireWidth(
                folder.OnnxPath, HiddenOutput, folder.Config.HiddenSize, $"hidden_size {folder.Config.HiddenSize} values per token ('{folder.Config.Path}')", string.Empty);
        }

        return signature;
    }
}

using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Server.Batching;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Server;

/// <summary>
/// The loaded model as the endpoints see it: which heads its graph serves, one dynamic batcher per head (all sharing
/// one admission bound), and the checks every input passes before it is queued.
/// </summary>
internal sealed class ServedModel : IAsyncDisposable
{
    private readonly XlmRobertaServerOptions _options;
    private readonly HashSet<int> _specialIds;

    public ServedModel(XlmRobertaEncoder encoder, XlmRobertaServerOptions options)
    {
        Encoder = encoder;
        _options = options;
        ModelId = options.ModelId ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(encoder.Folder.Folder));
        Admission = new AdmissionCounter(options.QueueCapacity);
        Metrics = new ServerMetrics(Admission);
        XlmRobertaTokenizer tokenizer = encoder.Tokenizer;
        _specialIds = [tokenizer.BosTokenId, tokenizer.EosTokenId, tokenizer.PadTokenId, tokenizer.UnknownTokenId, tokenizer.MaskTokenId];

        // A folder serves the heads its graph fits (a base model's export may serve embeddings or fill-mask).
        Extractor = TryHead(() => new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Normalize = false }));
        Classifier = TryHead(() => new XlmRobertaSequenceClassifier(encoder));
        TokenClassifier = TryHead(() => new XlmRobertaTokenClassifier(encoder));
        FillMask = TryHead(() => new XlmRobertaFillMask(encoder));
        if (Extractor is null && Classifier is null && TokenClassifier is null && FillMask is null)
        {
            throw new XlmRobertaModelException(
                $"'{encoder.Folder.OnnxPath}' serves none of feature extraction, sequence classification, token classification or fill-mask.",
                encoder.Folder.OnnxPath, "outputs");
        }

        NormalizeByDefault = encoder.Folder.SentenceTransformers?.Normalize ?? false;
        if (Extractor is { } extractor)
        {
            Embeddings = new("embed", options, Admission, Metrics, (ids, ct) => extractor.EmbedIds(ids, ct));
        }

        if (Classifier is { } classifier)
        {
            Classifications = new("predict", options, Admission, Metrics, (ids, ct) => classifier.ClassifyIds(ids, ct));
        }

        if (TokenClassifier is { } tokenClassifier)
        {
            TokenClassifications = new("ner", options, Admission, Metrics, (inputs, ct) => RunTokenClassification(tokenClassifier, inputs, ct));
        }

        if (FillMask is { } fillMask)
        {
            MaskPredictions = new("fill-mask", options, Admission, Metrics, (inputs, ct) => RunFillMask(fillMask, inputs, ct));
        }
    }

    public XlmRobertaEncoder Encoder { get; }

    public string ModelId { get; }

    public AdmissionCounter Admission { get; }

    public ServerMetrics Metrics { get; }

    public XlmRobertaFeatureExtractor? Extractor { get; }

    public XlmRobertaSequenceClassifier? Classifier { get; }

    public XlmRobertaTokenClassifier? TokenClassifier { get; }

    public XlmRobertaFillMask? FillMask { get; }

    /// <summary>Whether the folder asks for L2-normalized embeddings (sentence-transformers' Normalize module).</summary>
    public bool NormalizeByDefault { get; }

    public DynamicBatcher<int[], EmbeddingResult>? Embeddings { get; }

    public DynamicBatcher<int[], ClassificationResult>? Classifications { get; }

    public DynamicBatcher<TokenClassificationInput, TokenClassificationResult>? TokenClassifications { get; }

    public DynamicBatcher<MaskInput, IReadOnlyList<MaskPrediction>>? MaskPredictions { get; }

    public bool IsSpecial(int id) => _specialIds.Contains(id);

    /// <summary>Checks a text against the per-input limit.</summary>
    public void CheckText(string text, string param)
    {
        if (text.Length > _options.MaxCharactersPerInput)
        {
            throw ApiException.BadRequest($"An input has {text.Length} characters; this server takes at most {_options.MaxCharactersPerInput} per input.", param);
        }
    }

    /// <summary>Checks the number of inputs against the per-request limit.</summary>
    public void CheckCount(int count, string param)
    {
        if (count == 0)
        {
            throw ApiException.BadRequest("The request has no inputs.", param);
        }

        if (count > _options.MaxInputsPerRequest)
        {
            throw ApiException.BadRequest($"The request has {count} inputs; this server takes at most {_options.MaxInputsPerRequest} per request.", param);
        }
    }

    /// <summary>
    /// Tokenizes a text (or pair) the way the offline API does, and refuses it now when the encoder would refuse it
    /// (over the length limit with <see cref="LongInputMode.Throw"/>), so that it never fails a shared batch.
    /// </summary>
    public XlmRobertaEncoding Tokenize(string text, string? textPair, string param)
    {
        CheckText(text, param);
        if (textPair is not null)
        {
            CheckText(textPair, param);
        }

        XlmRobertaEncoding encoding = Encoder.Tokenize(text, textPair);
        CheckLength(encoding.Count, param);
        return encoding;
    }

    /// <summary>Checks model input ids (special tokens included): in the vocabulary, and not too long when that is an error.</summary>
    public void CheckIds(int[] ids, string param)
    {
        if (ids.Length < 2)
        {
            throw ApiException.BadRequest("A token-id input needs at least <s> and </s> (the model's input ids, special tokens included).", param);
        }

        foreach (int id in ids)
        {
            if ((uint)id >= (uint)Encoder.VocabularySize)
            {
                throw ApiException.BadRequest($"Token id {id} is outside this model's vocabulary (0..{Encoder.VocabularySize - 1}).", param);
            }
        }

        CheckLength(ids.Length, param);
    }

    private void CheckLength(int length, string param)
    {
        if (length > Encoder.MaxSequenceLength && Encoder.Options.LongInputMode == LongInputMode.Throw)
        {
            throw new ApiException(
                StatusCodes.Status413PayloadTooLarge,
                $"An input has {length} tokens; this model takes at most {Encoder.MaxSequenceLength} (the server runs with --long-input throw).",
                param);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Embeddings is not null)
        {
            await Embeddings.DisposeAsync().ConfigureAwait(false);
        }

        if (Classifications is not null)
        {
            await Classifications.DisposeAsync().ConfigureAwait(false);
        }

        if (TokenClassifications is not null)
        {
            await TokenClassifications.DisposeAsync().ConfigureAwait(false);
        }

        if (MaskPredictions is not null)
        {
            await MaskPredictions.DisposeAsync().ConfigureAwait(false);
        }

        Metrics.Dispose();
    }

    private static T? TryHead<T>(Func<T> create)
        where T : class
    {
        try
        {
            return create();
        }
        catch (XlmRobertaModelException)
        {
            return null;
        }
    }

    /// <summary>One library call per aggregation strategy present in the batch (requests choose theirs).</summary>
    private static TokenClassificationResult[] RunTokenClassification(
        XlmRobertaTokenClassifier classifier, TokenClassificationInput[] inputs, CancellationToken cancellationToken)
    {
        var results = new TokenClassificationResult[inputs.Length];
        var strategies = new HashSet<AggregationStrategy>();
        foreach (TokenClassificationInput input in inputs)
        {
            strategies.Add(input.Aggregation);
        }

        foreach (AggregationStrategy strategy in strategies)
        {
            var rows = new List<int>(inputs.Length);
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i].Aggregation == strategy)
                {
                    rows.Add(i);
                }
            }

            var encodings = new XlmRobertaEncoding[rows.Count];
            var texts = new string[rows.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                encodings[i] = inputs[rows[i]].Encoding;
                texts[i] = inputs[rows[i]].Text;
            }

            TokenClassificationResult[] part = classifier.PredictEncodings(encodings, texts, strategy, null, cancellationToken);
            for (int i = 0; i < rows.Count; i++)
            {
                results[rows[i]] = part[i];
            }
        }

        return results;
    }

    /// <summary>One library call at the largest top-k of the batch; each request keeps its own first k candidates.</summary>
    private static IReadOnlyList<MaskPrediction>[] RunFillMask(XlmRobertaFillMask fillMask, MaskInput[] inputs, CancellationToken cancellationToken)
    {
        int topK = 1;
        var ids = new int[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++)
        {
            topK = Math.Max(topK, inputs[i].TopK);
            ids[i] = inputs[i].Ids;
        }

        IReadOnlyList<MaskPrediction>[] results = fillMask.PredictIds(ids, topK, cancellationToken);
        for (int i = 0; i < results.Length; i++)
        {
            int k = inputs[i].TopK;
            if (k == topK)
            {
                continue;
            }

            var trimmed = new MaskPrediction[results[i].Count];
            for (int m = 0; m < trimmed.Length; m++)
            {
                MaskPrediction mask = results[i][m];
                trimmed[m] = mask with { Candidates = [.. mask.Candidates.Take(k)] };
            }

            results[i] = trimmed;
        }

        return results;
    }
}

/// <summary>A text for token classification: its encoding (offsets refer to the text) and the request's aggregation.</summary>
internal sealed record TokenClassificationInput(XlmRobertaEncoding Encoding, string Text, AggregationStrategy Aggregation);

/// <summary>A fill-mask input: model ids with at least one mask, and how many candidates the request wants.</summary>
internal sealed record MaskInput(int[] Ids, int TopK);

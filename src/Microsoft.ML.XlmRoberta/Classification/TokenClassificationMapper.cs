using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Classification;

/// <summary>
/// Text to per-token predictions (variable-size vectors, one slot per token, <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>
/// included): token strings, labels, label scores, and UTF-16 start/end offsets into the text.
/// </summary>
internal sealed class TokenClassificationMapper : TextBatchMapper
{
    public const int TokensRole = 0;
    public const int LabelsRole = 1;
    public const int ScoresRole = 2;
    public const int StartsRole = 3;
    public const int EndsRole = 4;

    private readonly XlmRobertaTokenClassifier _classifier;

    /// <param name="encoder">The encoder; the mapper owns it from now on.</param>
    /// <param name="options">The transform's options.</param>
    public TokenClassificationMapper(XlmRobertaEncoder encoder, ClassifyTokensXlmRobertaOptions options)
        : base(Columns(options), nameof(ClassifyTokensXlmRobertaTransformer))
    {
        _classifier = new XlmRobertaTokenClassifier(encoder);
    }

    /// <summary>The output roles (they do not depend on the model).</summary>
    public static OutputColumn[] Columns(ClassifyTokensXlmRobertaOptions options)
    {
        string?[] names = options.RoleNames();
        return
        [
            new OutputColumn(names[TokensRole], OutputKind.TextVector),
            new OutputColumn(names[LabelsRole], OutputKind.TextVector),
            new OutputColumn(names[ScoresRole], OutputKind.SingleVector),
            new OutputColumn(names[StartsRole], OutputKind.Int32Vector),
            new OutputColumn(names[EndsRole], OutputKind.Int32Vector),
        ];
    }

    protected override void ComputeCore(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
    {
        var window = new ArraySegment<string>(texts, 0, count);
        TokenClassificationResult[] results = _classifier.PredictEncodings(_classifier.Encoder.Tokenize(window), window);
        for (int i = 0; i < count; i++)
        {
            IReadOnlyList<TokenPrediction> tokens = results[i].Tokens;
            int n = tokens.Count;
            var words = new string[n];
            var labels = new string[n];
            var scores = new float[n];
            var starts = new int[n];
            var ends = new int[n];
            for (int t = 0; t < n; t++)
            {
                TokenPrediction p = tokens[t];
                words[t] = p.Token ?? "";
                labels[t] = p.Label;
                scores[t] = p.Score;
                starts[t] = p.Start ?? 0;
                ends[t] = p.End ?? 0;
            }

            ((string[][])values.Columns[TokensRole])[i] = words;
            ((string[][])values.Columns[LabelsRole])[i] = labels;
            ((float[][])values.Columns[ScoresRole])[i] = scores;
            ((int[][])values.Columns[StartsRole])[i] = starts;
            ((int[][])values.Columns[EndsRole])[i] = ends;
        }
    }

    protected override void Release() => _classifier.Encoder.Dispose();
}

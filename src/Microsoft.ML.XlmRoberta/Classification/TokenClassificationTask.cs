using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Engine;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Classification;

/// <summary>
/// Text to per-token predictions (variable-size vectors, one slot per token, <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>
/// included): token strings, labels, label scores, and UTF-16 start/end offsets into the text.
/// </summary>
internal sealed class TokenClassificationTask : XlmRobertaTask
{
    public const int TokensRole = 0;
    public const int LabelsRole = 1;
    public const int ScoresRole = 2;
    public const int StartsRole = 3;
    public const int EndsRole = 4;

    private readonly XlmRobertaTokenClassifier classifier;

    public TokenClassificationTask(TaskConfig config)
        : base(config)
    {
        classifier = new XlmRobertaTokenClassifier(EncoderLoader.Encoder(config));
        Outputs =
        [
            new OutputColumn(NameOf(TokensRole, "Tokens"), OutputKind.TextVector),
            new OutputColumn(NameOf(LabelsRole, "TokenLabels"), OutputKind.TextVector),
            new OutputColumn(NameOf(ScoresRole, "TokenScores"), OutputKind.SingleVector),
            new OutputColumn(NameOf(StartsRole, "TokenStarts"), OutputKind.Int32Vector),
            new OutputColumn(NameOf(EndsRole, "TokenEnds"), OutputKind.Int32Vector),
        ];
    }

    public override IReadOnlyList<OutputColumn> Outputs { get; }

    public override void Compute(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
    {
        if (!Any(active) || count == 0)
        {
            return;
        }

        XlmRobertaEncoder encoder = classifier.Encoder;
        var window = new ArraySegment<string>(texts, 0, count);
        TokenClassificationResult[] results = classifier.PredictEncodings(encoder.Tokenize(window), window);
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
}

using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// Multiple choice (<c>XLMRobertaForMultipleChoice</c>): a prompt is paired with each of its choices
/// (<c>&lt;s&gt; prompt &lt;/s&gt;&lt;/s&gt; choice &lt;/s&gt;</c>, truncated like any pair), the pairs of a prompt are
/// padded into one <c>[1, choices, sequence]</c> input (prompts with as many choices share a batch, bucketed by
/// length), and the model's logit per choice gives probabilities and the chosen index. Thread-safe.
/// </summary>
public sealed class XlmRobertaMultipleChoice
{
    private readonly string _outputName;

    /// <summary>Creates the head over an encoder loaded with <see cref="XlmRobertaEncoder.LoadMultipleChoice"/> (the caller keeps owning it).</summary>
    /// <param name="encoder">An encoder whose graph takes <c>[batch, choices, sequence]</c> and outputs <c>logits</c> <c>[batch, choices]</c>.</param>
    /// <exception cref="XlmRobertaModelException">The graph has no choices axis or no rank-2 output.</exception>
    /// <exception cref="NotSupportedException">The encoder uses <see cref="LongInputMode.SlidingWindow"/>.</exception>
    public XlmRobertaMultipleChoice(XlmRobertaEncoder encoder)
    {
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        if (!encoder.Signature.HasChoiceAxis)
        {
            throw new XlmRobertaModelException(
                $"'{encoder.Folder.OnnxPath}': input '{encoder.Signature.InputIdsName}' has no choices axis; a multiple-choice graph takes [batch, choices, sequence] " +
                $"and is loaded with XlmRobertaEncoder.LoadMultipleChoice.{encoder.Config.TaskHint("multiple-choice")}",
                encoder.Folder.OnnxPath, $"input '{encoder.Signature.InputIdsName}'");
        }

        if (encoder.Options.LongInputMode == LongInputMode.SlidingWindow)
        {
            throw new NotSupportedException("Multiple choice reads one logit per choice; use Truncate or Throw for long inputs.");
        }

        _outputName = encoder.SelectOutput("multiple-choice", 2, 0, "one logit per choice", "logits");
    }

    /// <summary>The encoder this head runs.</summary>
    public XlmRobertaEncoder Encoder { get; }

    /// <summary>Scores the choices of one prompt.</summary>
    /// <param name="prompt">The prompt (first text of each pair).</param>
    /// <param name="choices">At least two choices (second texts).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">Fewer than two choices.</exception>
    public MultipleChoiceResult Choose(string prompt, IReadOnlyList<string> choices, CancellationToken cancellationToken = default) =>
        Choose([(prompt, choices)], cancellationToken)[0];

    /// <summary>Scores the choices of many prompts (choice counts may differ); results are in input order.</summary>
    /// <param name="inputs">The prompts and their choices.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">A prompt has fewer than two choices, or a null text (the message names the input).</exception>
    public MultipleChoiceResult[] Choose(IReadOnlyList<(string Prompt, IReadOnlyList<string> Choices)> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var prompts = new List<string>();
        var choices = new List<string?>();
        for (int i = 0; i < inputs.Count; i++)
        {
            (string prompt, IReadOnlyList<string> options) = inputs[i];
            if (prompt is null || options is null || options.Count < 2)
            {
                throw new ArgumentException(
                    $"Input {i} needs a prompt and at least two choices (it has {(options is null ? "none" : options.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}).", nameof(inputs));
            }

            for (int c = 0; c < options.Count; c++)
            {
                prompts.Add(prompt);
                choices.Add(options[c] ?? throw new ArgumentException($"Input {i}: choice {c} is null.", nameof(inputs)));
            }
        }

        if (inputs.Count == 0)
        {
            return [];
        }

        // The one route: tokenize (pair truncation), check and segment; then each prompt's choices become one row.
        List<Segment> flat = Encoder.Segment(Encoder.Tokenize(prompts, choices));
        var segments = new List<Segment>(flat.Count);
        int next = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            int count = inputs[i].Choices.Count;
            for (int c = 0; c < count; c++, next++)
            {
                Segment choice = flat[next];
                segments.Add(new Segment(i, c, count, choice.Ids, 1, choice.Length));
            }
        }

        var sink = new MultipleChoiceSink(inputs.Count);
        Encoder.RunChoices(segments, _outputName, sink, cancellationToken);
        return sink.Complete();
    }

    /// <summary>
    /// Scores an unbounded sequence of prompts lazily, in order, <see cref="XlmRobertaEncoderOptions.StreamingChunkSize"/>
    /// at a time.
    /// </summary>
    /// <param name="inputs">The prompts and their choices.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public IEnumerable<MultipleChoiceResult> ChooseStream(IEnumerable<(string Prompt, IReadOnlyList<string> Choices)> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Streaming.Chunked(inputs, Encoder.Options.StreamingChunkSize, Choose, cancellationToken);
    }
}

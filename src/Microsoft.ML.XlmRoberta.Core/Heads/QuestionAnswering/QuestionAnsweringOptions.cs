namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// Options of <see cref="XlmRobertaQuestionAnswerer"/>, with the meaning and defaults of Hugging Face's
/// question-answering pipeline (<c>top_k</c>, <c>max_seq_len</c>, <c>doc_stride</c>, <c>max_answer_len</c>,
/// <c>handle_impossible_answer</c>).
/// </summary>
public sealed class QuestionAnsweringOptions
{
    /// <summary>The number of answers returned per question (the best first). Default 1.</summary>
    public int TopK { get; init; } = 1;

    /// <summary>
    /// The length of each window fed to the model, special tokens included (<c>max_seq_len</c>); null for 384 or the
    /// encoder's <see cref="Encoder.XlmRobertaEncoder.MaxSequenceLength"/> when that is smaller.
    /// </summary>
    public int? MaxSequenceLength { get; init; }

    /// <summary>
    /// The number of context tokens two consecutive windows share (<c>doc_stride</c>: the overlap, not the step).
    /// Null for Hugging Face's default, <c>min(max_seq_len / 2, 128)</c>. It must be smaller than the context tokens a
    /// window holds (<c>max_seq_len</c> minus the question and 4 special tokens) when the context needs several windows.
    /// </summary>
    public int? DocStride { get; init; }

    /// <summary>The most tokens an answer spans (<c>max_answer_len</c>). Default 15.</summary>
    public int MaxAnswerLength { get; init; } = 15;

    /// <summary>
    /// Whether the empty answer <c>{start 0, end 0, ""}</c> competes, scored by the smallest probability of the
    /// <c>&lt;s&gt;</c> token over the windows (<c>handle_impossible_answer</c>). Default false.
    /// </summary>
    public bool HandleImpossibleAnswer { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TopK, 1, nameof(TopK));
        if (DocStride is int stride)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(stride, nameof(DocStride));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAnswerLength, 1, nameof(MaxAnswerLength));
        if (MaxSequenceLength is int length)
        {
            // <s> </s></s> </s> and at least one question and one context token.
            ArgumentOutOfRangeException.ThrowIfLessThan(length, 6, nameof(MaxSequenceLength));
        }
    }
}

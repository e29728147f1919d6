using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>Turns token-id inputs into the segments the encoder runs: truncated, rejected or windowed.</summary>
internal static class Segmenter
{
    public static void Add(List<Segment> segments, int input, int[] ids, int limit, int vocabularySize, LongInputMode mode, int overlap)
    {
        if (ids.Length == 0)
        {
            throw new ArgumentException($"Input {input} has no tokens; an encoded text has at least <s> and </s>.");
        }

        // An id outside the embedding table would fail inside ONNX Runtime; it is the caller's input error.
        for (int j = 0; j < ids.Length; j++)
        {
            if ((uint)ids[j] >= (uint)vocabularySize)
            {
                throw new ArgumentException($"Input {input} has token id {ids[j]} at position {j}, outside the model's vocabulary [0, {vocabularySize}).");
            }
        }

        if (ids.Length <= limit)
        {
            segments.Add(new Segment(input, 0, 1, ids, 1, ids.Length));
            return;
        }

        switch (mode)
        {
            case LongInputMode.Throw:
                throw new XlmRobertaInputTooLongException(input, ids.Length, limit);
            case LongInputMode.Truncate:
                // Text inputs arrive already truncated by the tokenizer; ids from callers get the same policy here.
                int[] cut = SequenceTruncation.TruncateEncoded(ids, limit);
                segments.Add(new Segment(input, 0, 1, cut, 1, cut.Length));
                return;
            default:
                AddWindows(segments, input, ids, limit, overlap);
                return;
        }
    }

    private static void AddWindows(List<Segment> segments, int input, int[] ids, int limit, int overlap)
    {
        int content = ids.Length - 2;
        int width = limit - 2;
        if (overlap >= width)
        {
            throw new ArgumentOutOfRangeException(nameof(overlap), $"WindowOverlap {overlap} must be smaller than the window width {width}.");
        }

        int step = width - overlap;
        int count = 1 + (content - width + step - 1) / step;
        for (int w = 0; w < count; w++)
        {
            int start = Math.Min(w * step, content - width);
            int[] window = new int[limit];
            window[0] = ids[0];
            Array.Copy(ids, 1 + start, window, 1, width);
            window[^1] = ids[^1];
            segments.Add(new Segment(input, w, count, window, 1 + start, ids.Length));
        }
    }
}

using System.Text;
using Microsoft.ML.XlmRoberta.Tokenization.Normalization;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>Reads a SentencePiece Unigram model file and builds its normalizer and segmenter.</summary>
internal sealed class SentencePieceModelLoader
{
    private SentencePieceModelLoader(SentencePieceModelProto proto, SentencePieceNormalizer normalizer, UnigramModel model, bool noInnerSpaceSymbol)
    {
        Proto = proto;
        Normalizer = normalizer;
        Model = model;
        NoInnerSpaceSymbol = noInnerSpaceSymbol;
    }

    public SentencePieceModelProto Proto { get; }

    public SentencePieceNormalizer Normalizer { get; }

    public UnigramModel Model { get; }

    /// <summary>True when no segmentation piece holds U+2581 after its first character, so words can be segmented apart.</summary>
    public bool NoInnerSpaceSymbol { get; }

    /// <exception cref="SentencePieceModelException">The file is missing, unreadable, malformed or not a Unigram model.</exception>
    public static SentencePieceModelLoader Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SentencePieceModelException(path, e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message, e);
        }

        return Load(bytes, path);
    }

    /// <summary>Parses the bytes of a model file; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="SentencePieceModelException">The bytes are malformed or not a Unigram model.</exception>
    public static SentencePieceModelLoader Load(byte[] bytes, string name)
    {
        string path = name;
        try
        {
            SentencePieceModelProto proto = SentencePieceModelProto.Parse(bytes);
            if (proto.ModelType != SentencePieceModelProto.UnigramModelType)
            {
                throw new FormatException($"model type {proto.ModelType} is not Unigram (1); only Unigram models are supported");
            }

            if (proto.ByteFallback)
            {
                throw new FormatException("byte fallback models are not supported");
            }

            PrecompiledCharsMap? charsMap = proto.PrecompiledCharsMap.Length > 0 ? new PrecompiledCharsMap(proto.PrecompiledCharsMap) : null;
            if (charsMap is null && proto.NormalizerName is not ("identity" or ""))
            {
                throw new FormatException($"normalizer '{proto.NormalizerName}' has no precompiled charsmap");
            }

            var normalizer = new SentencePieceNormalizer(charsMap, proto.AddDummyPrefix, proto.RemoveExtraWhitespaces, proto.EscapeWhitespaces, proto.TreatWhitespaceAsSuffix);
            PieceKeys utf8 = proto.Keys;
            bool noInner = true;
            for (int i = 0; i < utf8.Count; i++)
            {
                // U+2581 after the piece's first character (valid UTF-8, so its three bytes can only be that character).
                ReadOnlySpan<byte> key = utf8.Bytes.AsSpan(utf8.Starts[i], utf8.Length(i));
                int first = Math.Min(Utf8.CharLengthFromLead(key[0]), key.Length);
                if (proto.Types[i] is PieceType.Normal or PieceType.UserDefined && key.Slice(first).IndexOf("\u2581"u8) >= 0)
                {
                    noInner = false;
                }
            }

            return new SentencePieceModelLoader(proto, normalizer, new UnigramModel(proto, utf8), noInner && proto.EscapeWhitespaces);
        }
        catch (FormatException e)
        {
            throw new SentencePieceModelException(path, $"not a valid SentencePiece model: {e.Message}", e);
        }
        catch (OverflowException e)
        {
            throw new SentencePieceModelException(path, $"not a valid SentencePiece model: {e.Message}", e);
        }
    }
}

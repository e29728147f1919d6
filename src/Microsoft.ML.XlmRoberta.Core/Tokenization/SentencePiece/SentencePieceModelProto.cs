using System.Text;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>The type of a SentencePiece vocabulary entry (<c>ModelProto.SentencePiece.Type</c>).</summary>
internal enum PieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

/// <summary>
/// The parts of a SentencePiece <c>ModelProto</c> that encoding needs: the pieces with scores and types, the model
/// type, and the normalizer spec (including the precompiled character map). Parsed from the protobuf wire format.
/// </summary>
internal sealed class SentencePieceModelProto
{
    /// <summary><c>TrainerSpec.ModelType.UNIGRAM</c>.</summary>
    public const int UnigramModelType = 1;

    private SentencePieceModelProto(string[] pieces, float[] scores, PieceType[] types)
    {
        Pieces = pieces;
        Scores = scores;
        Types = types;
    }

    public string[] Pieces { get; }

    public float[] Scores { get; }

    public PieceType[] Types { get; }

    public int ModelType { get; private set; } = UnigramModelType;

    public bool ByteFallback { get; private set; }

    public string NormalizerName { get; private set; } = string.Empty;

    public byte[] PrecompiledCharsMap { get; private set; } = [];

    public bool AddDummyPrefix { get; private set; } = true;

    public bool RemoveExtraWhitespaces { get; private set; } = true;

    public bool EscapeWhitespaces { get; private set; } = true;

    public bool TreatWhitespaceAsSuffix { get; private set; }

    /// <summary>Parses a serialized <c>ModelProto</c>.</summary>
    /// <exception cref="FormatException">The bytes are not a valid model.</exception>
    public static SentencePieceModelProto Parse(ReadOnlySpan<byte> data)
    {
        var pieces = new List<string>();
        var scores = new List<float>();
        var types = new List<PieceType>();
        ReadOnlySpan<byte> trainer = default;
        ReadOnlySpan<byte> normalizer = default;
        bool hasTrainer = false;
        bool hasNormalizer = false;
        var reader = new ProtoWireReader(data);
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtoWireReader.LengthDelimited, "pieces");
                    ReadPiece(reader.ReadLengthDelimited(), pieces, scores, types);
                    break;
                case 2:
                    reader.Expect(wire, ProtoWireReader.LengthDelimited, "trainer_spec");
                    trainer = reader.ReadLengthDelimited();
                    hasTrainer = true;
                    break;
                case 3:
                    reader.Expect(wire, ProtoWireReader.LengthDelimited, "normalizer_spec");
                    normalizer = reader.ReadLengthDelimited();
                    hasNormalizer = true;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (pieces.Count == 0)
        {
            throw new FormatException("the model has no pieces (not a SentencePiece ModelProto)");
        }

        // SentencePiece always writes both specs after the pieces; their absence means a truncated file.
        if (!hasTrainer || !hasNormalizer)
        {
            throw new FormatException($"the model has {pieces.Count} pieces but no {(hasTrainer ? "normalizer_spec" : "trainer_spec")} (truncated file?)");
        }

        var model = new SentencePieceModelProto(pieces.ToArray(), scores.ToArray(), types.ToArray());
        model.ReadTrainerSpec(trainer);
        model.ReadNormalizerSpec(normalizer);
        return model;
    }

    private static void ReadPiece(ReadOnlySpan<byte> data, List<string> pieces, List<float> scores, List<PieceType> types)
    {
        string? piece = null;
        float score = 0;
        var type = PieceType.Normal;
        var reader = new ProtoWireReader(data);
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtoWireReader.LengthDelimited, "piece");
                    piece = DecodeUtf8(reader.ReadLengthDelimited(), "piece");
                    break;
                case 2:
                    reader.Expect(wire, ProtoWireReader.Fixed32, "score");
                    score = reader.ReadFloat();
                    break;
                case 3:
                    reader.Expect(wire, ProtoWireReader.Varint, "type");
                    ulong t = reader.ReadVarint();
                    if (t < 1 || t > 6)
                    {
                        throw new FormatException($"piece #{pieces.Count} has unknown type {t}");
                    }

                    type = (PieceType)(int)t;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (string.IsNullOrEmpty(piece))
        {
            throw new FormatException($"piece #{pieces.Count} is empty");
        }

        pieces.Add(piece);
        scores.Add(score);
        types.Add(type);
    }

    private void ReadTrainerSpec(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoWireReader(data);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field == 3 && wire == ProtoWireReader.Varint)
            {
                ModelType = (int)reader.ReadVarint();
            }
            else if (field == 24 && wire == ProtoWireReader.Varint)
            {
                TreatWhitespaceAsSuffix = reader.ReadVarint() != 0;
            }
            else if (field == 35 && wire == ProtoWireReader.Varint)
            {
                ByteFallback = reader.ReadVarint() != 0;
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private void ReadNormalizerSpec(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoWireReader(data);
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1 when wire == ProtoWireReader.LengthDelimited:
                    NormalizerName = DecodeUtf8(reader.ReadLengthDelimited(), "normalizer name");
                    break;
                case 2 when wire == ProtoWireReader.LengthDelimited:
                    PrecompiledCharsMap = reader.ReadLengthDelimited().ToArray();
                    break;
                case 3 when wire == ProtoWireReader.Varint:
                    AddDummyPrefix = reader.ReadVarint() != 0;
                    break;
                case 4 when wire == ProtoWireReader.Varint:
                    RemoveExtraWhitespaces = reader.ReadVarint() != 0;
                    break;
                case 5 when wire == ProtoWireReader.Varint:
                    EscapeWhitespaces = reader.ReadVarint() != 0;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"{what} is not valid UTF-8", e);
        }
    }
}

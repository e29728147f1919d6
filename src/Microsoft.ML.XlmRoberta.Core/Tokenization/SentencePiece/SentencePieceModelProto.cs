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

    private SentencePieceModelProto(PieceKeys keys, float[] scores, PieceType[] types)
    {
        Keys = keys;
        Scores = scores;
        Types = types;
    }

    /// <summary>The pieces' UTF-8 spellings (validated; no strings are made while loading).</summary>
    public PieceKeys Keys { get; }

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
        // First pass: count the pieces and bound their bytes, so that every array is allocated once.
        int count = 0;
        int byteBound = 0;
        var reader = new ProtoWireReader(data);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field == 1 && wire == ProtoWireReader.LengthDelimited)
            {
                byteBound += reader.ReadLengthDelimited().Length;
                count++;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        var bytes = new byte[byteBound];
        var starts = new int[count + 1];
        var scores = new float[count];
        var types = new PieceType[count];
        int pieces = 0;
        ReadOnlySpan<byte> trainer = default;
        ReadOnlySpan<byte> normalizer = default;
        bool hasTrainer = false;
        bool hasNormalizer = false;
        reader = new ProtoWireReader(data);
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtoWireReader.LengthDelimited, "pieces");
                    starts[pieces + 1] = ReadPiece(reader.ReadLengthDelimited(), pieces, bytes, starts[pieces], out scores[pieces], out types[pieces]);
                    pieces++;
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

        if (pieces == 0)
        {
            throw new FormatException("the model has no pieces (not a SentencePiece ModelProto)");
        }

        // SentencePiece always writes both specs after the pieces; their absence means a truncated file.
        if (!hasTrainer || !hasNormalizer)
        {
            throw new FormatException($"the model has {pieces} pieces but no {(hasTrainer ? "normalizer_spec" : "trainer_spec")} (truncated file?)");
        }

        Array.Resize(ref bytes, starts[pieces]);
        var model = new SentencePieceModelProto(new PieceKeys(bytes, starts), scores, types);
        model.ReadTrainerSpec(trainer);
        model.ReadNormalizerSpec(normalizer);
        return model;
    }

    /// <summary>Reads piece number <paramref name="index"/>: its spelling goes to <paramref name="bytes"/> at <paramref name="at"/>; returns where it ends there.</summary>
    private static int ReadPiece(ReadOnlySpan<byte> data, int index, byte[] bytes, int at, out float score, out PieceType type)
    {
        ReadOnlySpan<byte> piece = default;
        score = 0;
        type = PieceType.Normal;
        var reader = new ProtoWireReader(data);
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtoWireReader.LengthDelimited, "piece");
                    piece = reader.ReadLengthDelimited();
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
                        throw new FormatException($"piece #{index} has unknown type {t}");
                    }

                    type = (PieceType)(int)t;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (piece.IsEmpty)
        {
            throw new FormatException($"piece #{index} is empty");
        }

        if (!System.Text.Unicode.Utf8.IsValid(piece))
        {
            throw new FormatException("piece is not valid UTF-8");
        }

        piece.CopyTo(bytes.AsSpan(at));
        return at + piece.Length;
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

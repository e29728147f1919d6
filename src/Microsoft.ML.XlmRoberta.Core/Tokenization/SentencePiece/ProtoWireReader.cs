namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// A minimal reader of the protobuf wire format: varints, fixed32/fixed64 and length-delimited fields.
/// Enough to read a SentencePiece <c>ModelProto</c> without a protobuf package.
/// </summary>
internal ref struct ProtoWireReader
{
    /// <summary>Wire type of a varint field.</summary>
    public const int Varint = 0;

    /// <summary>Wire type of a 64-bit field.</summary>
    public const int Fixed64 = 1;

    /// <summary>Wire type of a length-delimited field.</summary>
    public const int LengthDelimited = 2;

    /// <summary>Wire type of a 32-bit field.</summary>
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoWireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    public readonly int Position => _position;

    /// <summary>Reads a field key; returns false at the end of the message.</summary>
    public bool TryReadTag(out int fieldNumber, out int wireType)
    {
        if (AtEnd)
        {
            fieldNumber = 0;
            wireType = 0;
            return false;
        }

        // A field key is one varint: (field number << 3) | wire type; the wire type says how long the value is.
        ulong key = ReadVarint();
        fieldNumber = checked((int)(key >> 3));
        wireType = (int)(key & 7);
        if (fieldNumber == 0)
        {
            throw new FormatException($"invalid protobuf field number 0 at byte {_position}");
        }

        return true;
    }

    /// <summary>Reads a varint: 7 bits per byte, least significant group first; a set high bit means another byte follows.</summary>
    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new FormatException($"truncated varint at byte {_position}");
            }

            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException($"varint longer than 10 bytes at byte {_position}");
    }

    public float ReadFloat()
    {
        EnsureAvailable(4);
        float value = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(_data.Slice(_position, 4));
        _position += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new FormatException($"length-delimited field of {length} bytes at byte {_position} runs past the end of the data");
        }

        ReadOnlySpan<byte> slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips a field of the given wire type.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                EnsureAvailable(8);
                _position += 8;
                break;
            case LengthDelimited:
                ReadLengthDelimited();
                break;
            case Fixed32:
                EnsureAvailable(4);
                _position += 4;
                break;
            default:
                throw new FormatException($"unsupported protobuf wire type {wireType} at byte {_position}");
        }
    }

    /// <summary>Checks that a field has the expected wire type.</summary>
    public readonly void Expect(int wireType, int expected, string fieldName)
    {
        if (wireType != expected)
        {
            throw new FormatException($"field '{fieldName}' has wire type {wireType}, expected {expected} (byte {_position})");
        }
    }

    private readonly void EnsureAvailable(int count)
    {
        if (_data.Length - _position < count)
        {
            throw new FormatException($"truncated field at byte {_position}");
        }
    }
}

using System.Text;
using Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// The token string of every id. Tokens that come from a SentencePiece model are decoded from their UTF-8 spelling on
/// first use (a model has 250k pieces and most are never asked for, so loading makes no strings); concurrent first uses
/// decode the same string, so the race is harmless.
/// </summary>
internal sealed class Vocabulary
{
    private readonly string?[] _tokens;
    private readonly PieceKeys _keys;
    private readonly int _keyOffset;

    /// <summary>Every token given as a string.</summary>
    public Vocabulary(string[] tokens)
    {
        _tokens = tokens;
    }

    /// <summary>
    /// <paramref name="count"/> ids where id <c>i</c> is piece <c>i - <paramref name="keyOffset"/></c> of
    /// <paramref name="keys"/>, except the ids given in <paramref name="overrides"/>.
    /// </summary>
    public Vocabulary(PieceKeys keys, int keyOffset, int count, ReadOnlySpan<(string Token, int Id)> overrides)
    {
        _tokens = new string?[count];
        _keys = keys;
        _keyOffset = keyOffset;
        foreach ((string token, int id) in overrides)
        {
            _tokens[id] = token;
        }
    }

    /// <summary>The number of ids.</summary>
    public int Count => _tokens.Length;

    /// <summary>The token of <paramref name="id"/> (which must be in range).</summary>
    public string this[int id] => _tokens[id] ?? Decode(id);

    /// <summary>The first id whose token is <paramref name="token"/>, or -1.</summary>
    public int IndexOf(string token)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(token);
        for (int id = 0; id < _tokens.Length; id++)
        {
            string? known = _tokens[id];
            if (known is not null ? known == token : KeyOf(id).SequenceEqual(utf8))
            {
                return id;
            }
        }

        return -1;
    }

    private ReadOnlySpan<byte> KeyOf(int id)
    {
        int piece = id - _keyOffset;
        return _keys.Bytes.AsSpan(_keys.Starts[piece], _keys.Length(piece));
    }

    private string Decode(int id)
    {
        string token = Encoding.UTF8.GetString(KeyOf(id));
        _tokens[id] = token;
        return token;
    }
}

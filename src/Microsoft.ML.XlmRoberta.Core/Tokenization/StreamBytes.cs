namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>Reads a caller's stream to the end, turning I/O failures into <see cref="SentencePieceModelException"/>.</summary>
internal static class StreamBytes
{
    public static byte[] ReadAll(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream, name);
        try
        {
            if (stream.CanSeek)
            {
                long remaining = stream.Length - stream.Position;
                var bytes = new byte[remaining];
                stream.ReadExactly(bytes);
                return bytes;
            }

            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException)
        {
            throw new SentencePieceModelException(name, $"cannot read the stream: {e.Message}", e);
        }
    }
}

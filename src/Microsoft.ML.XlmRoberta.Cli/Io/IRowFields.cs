using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>The typed members a row can have; each output format renders them its own way.</summary>
public interface IRowFields
{
    /// <summary>A text; <see langword="null"/> is JSON null (an empty CSV cell).</summary>
    void String(string name, string? value);

    /// <summary>A whole number; <see langword="null"/> is JSON null (an empty CSV cell).</summary>
    void Integer(string name, long? value);

    /// <summary>A model output value.</summary>
    /// <exception cref="NonFiniteOutputException">The value is NaN or infinite.</exception>
    void Number(string name, float value);

    /// <summary>A vector of model outputs (CSV spreads the vectors a command names over one column per element).</summary>
    /// <exception cref="NonFiniteOutputException">A value is NaN or infinite.</exception>
    void Numbers(string name, ReadOnlySpan<float> values);

    /// <summary>A nested array or object, written by <paramref name="write"/> as one JSON value (one CSV cell of JSON text).</summary>
    void Structured<T>(string name, T value, Action<Utf8JsonWriter, T> write);
}

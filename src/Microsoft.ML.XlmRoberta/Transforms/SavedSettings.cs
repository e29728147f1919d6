using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// A transform's options as plain data: the task name and its options object as JSON. The estimator keeps a copy of
/// the user's options this way (later changes to the options object do not reach it), and a saved model holds it as
/// base64 (see <see cref="SavedForm"/>). <see cref="Version"/> says how to read the options of older saves.
/// </summary>
internal sealed record SavedSettings(string Task, JsonElement Options, int Version = SavedSettings.FirstVersion)
{
    /// <summary>
    /// Saves without a <c>Version</c> key. Their embedding options always hold a pooling and a normalization, and the
    /// folder's prompts were not applied.
    /// </summary>
    public const int FirstVersion = 1;

    /// <summary>What this version writes: embedding pooling/normalization may be null (the folder's) and a prompt is kept.</summary>
    public const int CurrentVersion = 2;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The settings of <paramref name="options"/> for <paramref name="task"/>.</summary>
    public static SavedSettings Of(string task, XlmRobertaTransformOptions options) =>
        new(task, JsonSerializer.SerializeToElement(options, options.GetType(), Json), CurrentVersion);

    /// <summary>Reads <see cref="Encode"/>'s output.</summary>
    /// <exception cref="XlmRobertaException">The text is not a saved XLM-R configuration.</exception>
    public static SavedSettings Decode(string encoded)
    {
        try
        {
            SavedSettings settings = JsonSerializer.Deserialize<SavedSettings>(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), Json)
                ?? throw new FormatException("The configuration is null.");
            return settings.Version is >= FirstVersion and <= CurrentVersion
                ? settings
                : throw new XlmRobertaException(
                    $"A saved XLM-R transform has settings version {settings.Version}; this version of Microsoft.ML.XlmRoberta reads {FirstVersion} to {CurrentVersion}.");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new XlmRobertaException($"A saved XLM-R transform has an unreadable configuration: {e.Message}", e);
        }
    }

    /// <summary>A deep copy of <paramref name="options"/>.</summary>
    public static T Copy<T>(T options)
        where T : XlmRobertaTransformOptions => Of("", options).OptionsAs<T>();

    /// <summary>The options, as the task's options type.</summary>
    /// <exception cref="XlmRobertaException">The options do not fit <typeparamref name="T"/>.</exception>
    public T OptionsAs<T>()
        where T : XlmRobertaTransformOptions
    {
        try
        {
            return Options.Deserialize<T>(Json) ?? throw new JsonException("The options are null.");
        }
        catch (JsonException e)
        {
            throw new XlmRobertaException($"A saved XLM-R '{Task}' transform has unreadable options: {e.Message}", e);
        }
    }

    /// <summary>The settings as base64 JSON (only <c>[A-Za-z0-9+/=]</c>, safe in an expression string literal).</summary>
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json)));
}

using Microsoft.ML.XlmRoberta.Encoder;

namespace Microsoft.ML.XlmRoberta;

/// <summary>Options every XLM-R transform has: the model folder and the text column.</summary>
public abstract class XlmRobertaTransformOptions
{
    private protected XlmRobertaTransformOptions()
    {
    }

    /// <summary>
    /// The Hugging Face model folder (<c>config.json</c>, <c>sentencepiece.bpe.model</c>, <c>onnx/model.onnx</c>).
    /// The estimator keeps its full path; a saved pipeline records it (see
    /// <c>Persistence.XlmRobertaModelLocation</c>).
    /// </summary>
    public string ModelFolder { get; set; } = "";

    /// <summary>The text column (scalar <c>String</c>). Missing text (empty) is encoded as <c>&lt;s&gt; &lt;/s&gt;</c>, like <c>""</c>.</summary>
    public string InputColumnName { get; set; } = "Text";

    /// <summary>The second text column of pairs, or null (tasks that take pairs only).</summary>
    private protected virtual string? PairColumn => null;

    /// <summary>The output column names in role order; null or empty leaves a role out.</summary>
    private protected abstract string?[] OutputNames { get; }

    /// <summary>The pair column, null when unset or empty.</summary>
    internal string? PairColumnName => string.IsNullOrEmpty(PairColumn) ? null : PairColumn;

    /// <summary>The output names in role order, empty names turned into null.</summary>
    internal string?[] RoleNames()
    {
        string?[] names = OutputNames;
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i] == "")
            {
                names[i] = null;
            }
        }

        return names;
    }

    /// <summary>Checks the options: folder and column set, at least one output, all distinct.</summary>
    /// <exception cref="ArgumentException">A required name is missing or two outputs share a name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    internal virtual void Validate()
    {
        Require(ModelFolder, nameof(ModelFolder));
        Require(InputColumnName, nameof(InputColumnName));
        string?[] names = RoleNames();
        if (Array.TrueForAll(names, n => n is null))
        {
            throw new ArgumentException("At least one output column must be named.", nameof(OutputNames));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string? name in names)
        {
            if (name is not null && !seen.Add(name))
            {
                throw new ArgumentException($"Two output columns are both named '{name}'.", nameof(OutputNames));
            }
        }
    }

    /// <summary>
    /// A validated deep copy of <paramref name="options"/> with the model folder as a full path: what an estimator
    /// keeps, so later changes to the caller's object do not reach it.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    internal static T Snapshot<T>(T options)
        where T : XlmRobertaTransformOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        T copy = SavedSettings.Copy(options);
        copy.ModelFolder = Path.GetFullPath(copy.ModelFolder);
        return copy;
    }

    /// <summary>Throws when <paramref name="value"/> is empty.</summary>
    private protected static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must be set.", name);
        }
    }
}

/// <summary>
/// Options of the transforms that run the model: every encoder setting (through <see cref="Encoder"/>) and the
/// read-ahead window.
/// </summary>
public abstract class XlmRobertaInferenceOptions : XlmRobertaTransformOptions
{
    /// <summary>The default <see cref="ReadAheadRows"/>.</summary>
    public const int DefaultReadAheadRows = 4096;

    private protected XlmRobertaInferenceOptions()
    {
    }

    /// <summary>
    /// How the model is loaded and run: execution provider and CUDA device, CPU fallback, threads, batch size
    /// (<see cref="XlmRobertaEncoderOptions.MaxBatchSize"/>), token budget per batch
    /// (<see cref="XlmRobertaEncoderOptions.MaxTokensPerBatch"/>), long-input mode, maximum sequence length and ONNX
    /// file. Default: <c>new XlmRobertaEncoderOptions()</c>.
    /// </summary>
    public XlmRobertaEncoderOptions Encoder { get; set; } = new();

    /// <summary>
    /// Rows a cursor reads ahead and hands to the encoder at once (default <see cref="DefaultReadAheadRows"/>); the
    /// encoder sorts them by length and runs them in batches. The window decides how much padding is wasted: on the
    /// fixture corpus 256 rows waste ~64% padding tokens, 1024 ~21%, 4096 ~5% (the encoder on all rows: 1.5%). The
    /// cursor holds the window's requested input values and outputs in memory.
    /// </summary>
    public int ReadAheadRows { get; set; } = DefaultReadAheadRows;

    internal override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(Encoder, nameof(Encoder));
        Encoder.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadAheadRows, 1, nameof(ReadAheadRows));
    }
}

using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Encoder;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The base of the fitted XLM-R transforms (<c>TokenizeXlmRobertaTransformer</c>, <c>EmbedXlmRobertaTransformer</c>,
/// <c>ClassifyXlmRobertaTransformer</c>, <c>ClassifyTokensXlmRobertaTransformer</c>): adds the task's columns to the input, lazily, computing them
/// in read-ahead windows.
/// </summary>
/// <remarks>
/// The transformer owns its model (an ONNX Runtime session, or the tokenizer alone for tokenization) and releases it
/// on <see cref="Dispose"/>, after the computations in flight; cursors, rows and prediction engines made from it then
/// throw <see cref="ObjectDisposedException"/>. One instance is safe to use from several threads. Saving with
/// <c>mlContext.Model.Save</c> stores a chain of standard ML.NET transforms that recreates the mapping on load (see
/// the project README).
/// </remarks>
public abstract class XlmRobertaTransformer : ITransformer, IDisposable
{
    private readonly SavedSettings _settings;
    private readonly int _readAheadRows;

    private protected XlmRobertaTransformer(SavedSettings settings, string modelFolder, ColumnBinding binding, TextBatchMapper mapper, int readAheadRows)
    {
        _settings = settings;
        _readAheadRows = readAheadRows;
        ModelFolder = modelFolder;
        Binding = binding;
        Mapper = mapper;
        var names = new string[binding.Added.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = binding.Added[i].Name!;
        }

        OutputColumnNames = names;
    }

    /// <summary>The text column read.</summary>
    public string InputColumnName => Binding.InputColumn;

    /// <summary>The second text column of pairs, or <see langword="null"/>.</summary>
    public string? TextPairColumnName => Binding.PairColumn;

    /// <summary>The columns added, in schema order.</summary>
    public IReadOnlyList<string> OutputColumnNames { get; }

    /// <summary>The model folder (full path).</summary>
    public string ModelFolder { get; }

    /// <summary>Always <see langword="true"/>: <c>PredictionEngine</c> works.</summary>
    public bool IsRowToRowMapper => true;

    internal ColumnBinding Binding { get; }

    internal TextBatchMapper Mapper { get; }

    /// <summary>The custom-mapping contract of the saved form (see <see cref="SavedForm"/>).</summary>
    private protected abstract string Contract { get; }

    /// <summary>
    /// Loads the encoder of <paramref name="options"/> and makes the transformer that owns it with
    /// <paramref name="create"/>; the encoder is disposed if that fails.
    /// </summary>
    /// <param name="options">The options (model folder and encoder settings).</param>
    /// <param name="create">Makes the transformer.</param>
    /// <param name="multipleChoice">Whether the graph is a multiple-choice one (<see cref="XlmRobertaEncoder.LoadMultipleChoice"/>).</param>
    private protected static TTransformer LoadWithEncoder<TTransformer>(
        XlmRobertaInferenceOptions options, Func<XlmRobertaEncoder, TTransformer> create, bool multipleChoice = false)
    {
        XlmRobertaEncoder encoder = multipleChoice
            ? XlmRobertaEncoder.LoadMultipleChoice(options.ModelFolder, options.Encoder)
            : XlmRobertaEncoder.Load(options.ModelFolder, options.Encoder);
        try
        {
            return create(encoder);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>The schema after the transform: the input's columns, then the added ones.</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        Binding.Find(inputSchema);
        return Binding.OutputSchema(inputSchema);
    }

    /// <summary>Adds the columns to <paramref name="input"/>, lazily (nothing runs until a cursor reads them).</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    /// <exception cref="ObjectDisposedException">The transformer was disposed.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Mapper.ThrowIfDisposed();
        return new XlmRobertaDataView(input, Binding, Mapper, _readAheadRows);
    }

    /// <summary>A row-to-row mapper (what <c>PredictionEngine</c> uses).</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    /// <exception cref="ObjectDisposedException">The transformer was disposed.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        Mapper.ThrowIfDisposed();
        return new XlmRobertaRowToRowMapper(Binding, Mapper, inputSchema);
    }

    /// <summary>Saves the transform as a chain of standard, loadable ML.NET transforms (see the class remarks).</summary>
    /// <param name="ctx">The save context given by <c>mlContext.Model.Save</c>.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx) => SavedForm.Build(_settings, Binding, Contract).Save(ctx);

    /// <summary>
    /// Releases the model once the computations in flight are done. Later reads through this transformer's views,
    /// rows and prediction engines throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        Mapper.Dispose();
        GC.SuppressFinalize(this);
    }
}

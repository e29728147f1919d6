using Microsoft.ML.Transforms;
using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>A row of computed values a saved transform's mapping writes (one class per contract).</summary>
internal interface ISavedRow
{
    /// <summary>Copies row 0 of <paramref name="values"/> (all roles of the task) into the fields.</summary>
    void Fill(BatchValues values);
}

/// <summary>
/// The mapping ML.NET recreates for a saved XLM-R transform when the model is loaded. The first row's settings
/// column makes the live transformer (model folder through <see cref="XlmRobertaModelLocation"/>), which this loaded
/// model keeps for its lifetime; every row is then mapped on its own.
/// </summary>
internal abstract class SavedMappingFactory<TDst> : CustomMappingFactory<SavedInput, TDst>
    where TDst : class, ISavedRow, new()
{
    public override Action<SavedInput, TDst> GetMapping()
    {
        var loaded = new LoadedTransform();
        return (input, output) =>
        {
            XlmRobertaTransformer transformer = loaded.Get(input.Config);
            string[]? pairs = transformer.TextPairColumnName is null ? null : [input.Pair ?? ""];
            output.Fill(LoadedTransform.Compute(transformer, input.Text, pairs, null));
        };
    }
}

/// <summary>The mapping ML.NET recreates for a saved XLM-R transform whose pair column is a vector of texts.</summary>
internal abstract class SavedListMappingFactory<TDst> : CustomMappingFactory<SavedListInput, TDst>
    where TDst : class, ISavedRow, new()
{
    public override Action<SavedListInput, TDst> GetMapping()
    {
        var loaded = new LoadedTransform();
        return (input, output) =>
        {
            XlmRobertaTransformer transformer = loaded.Get(input.Config);
            output.Fill(LoadedTransform.Compute(transformer, input.Text, null, [input.Pair ?? []]));
        };
    }
}

/// <summary>The transformer of one loaded mapping, made on first use (thread-safe), and one row computed with it.</summary>
internal sealed class LoadedTransform
{
    private readonly object _gate = new();
    private string? _settings;
    private XlmRobertaTransformer? _transformer;

    public XlmRobertaTransformer Get(string encoded)
    {
        lock (_gate)
        {
            if (_transformer is null)
            {
                _transformer = SavedTransforms.Create(SavedSettings.Decode(encoded));
                _settings = encoded;
            }
            else if (!string.Equals(_settings, encoded, StringComparison.Ordinal))
            {
                throw new XlmRobertaException("A saved XLM-R transform's settings column changed between rows.");
            }

            return _transformer;
        }
    }

    /// <summary>All roles of one row.</summary>
    public static BatchValues Compute(XlmRobertaTransformer transformer, string? text, string[]? pairs, string[][]? pairLists)
    {
        TextBatchMapper mapper = transformer.Mapper;
        var values = new BatchValues(mapper.Outputs, 1);
        var active = new bool[mapper.Outputs.Count];
        Array.Fill(active, true);
        mapper.Compute([text ?? ""], pairs, 1, active, values, pairLists);
        return values;
    }
}

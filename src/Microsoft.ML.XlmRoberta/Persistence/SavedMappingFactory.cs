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
            TextBatchMapper mapper = transformer.Mapper;
            var values = new BatchValues(mapper.Outputs, 1);
            var active = new bool[mapper.Outputs.Count];
            Array.Fill(active, true);
            string[]? pairs = transformer.TextPairColumnName is null ? null : [input.Pair ?? ""];
            mapper.Compute([input.Text ?? ""], pairs, 1, active, values);
            output.Fill(values);
        };
    }

    /// <summary>The transformer of one loaded mapping, made on first use (thread-safe).</summary>
    private sealed class LoadedTransform
    {
        private readonly object gate = new();
        private string? settings;
        private XlmRobertaTransformer? transformer;

        public XlmRobertaTransformer Get(string encoded)
        {
            lock (gate)
            {
                if (transformer is null)
                {
                    transformer = SavedTransforms.Create(SavedSettings.Decode(encoded));
                    settings = encoded;
                }
                else if (!string.Equals(settings, encoded, StringComparison.Ordinal))
                {
                    throw new XlmRobertaException("A saved XLM-R transform's settings column changed between rows.");
                }

                return transformer;
            }
        }
    }
}

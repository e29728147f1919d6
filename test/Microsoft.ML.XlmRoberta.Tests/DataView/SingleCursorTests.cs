using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.DataView;

[TestClass]
public sealed class SingleCursorTests
{
    public sealed class SourceRow
    {
        public string Source { get; set; } = "";

        public string Label { get; set; } = "";
    }

    public sealed class DerivedRow
    {
        public string Text { get; set; } = "";

        public string Upper { get; set; } = "";
    }

    private sealed class Counter
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Map(SourceRow input, DerivedRow output)
        {
            Interlocked.Increment(ref _calls);
            output.Text = input.Source;
            output.Upper = input.Source.ToUpperInvariant();
        }
    }

    [TestMethod]
    public void UpstreamTransformsRunOncePerRowAndRowsKeepTheirValues()
    {
        string[] texts = Fixtures.Cases().Select(c => c.GetProperty("text").GetString()!).Where((_, i) => i % 11 == 0).Take(45).ToArray();
        using var encoder = XlmRobertaEncoder.Load(Fixtures.FeatureExtractionModel);
        EmbeddingResult[] expected = new XlmRobertaFeatureExtractor(encoder).Embed(texts);

        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select((t, i) => new SourceRow { Source = t, Label = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var counter = new Counter();
        var upstream = ml.Transforms.CustomMapping<SourceRow, DerivedRow>(counter.Map, contractName: null).Fit(data);
        IDataView derived = upstream.Transform(data);
        using EmbedXlmRobertaTransformer embed = ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions
        {
            ModelFolder = Fixtures.FeatureExtractionModel,
            ReadAheadRows = 7,
        }).Fit(derived);
        IDataView output = embed.Transform(derived);

        // Pass-through columns of the mapping (Text, Upper), of the source (Label) and the added column, in one cursor.
        DataViewSchema.Column[] wanted = [output.Schema["Label"], output.Schema["Text"], output.Schema["Upper"], output.Schema["Features"]];
        var rows = new List<(string Label, string Text, string Upper, float[] Features)>();
        using (DataViewRowCursor cursor = output.GetRowCursor(wanted))
        {
            var label = cursor.GetGetter<ReadOnlyMemory<char>>(wanted[0]);
            var text = cursor.GetGetter<ReadOnlyMemory<char>>(wanted[1]);
            var upper = cursor.GetGetter<ReadOnlyMemory<char>>(wanted[2]);
            var features = cursor.GetGetter<VBuffer<float>>(wanted[3]);
            ReadOnlyMemory<char> l = default, t = default, u = default;
            VBuffer<float> f = default;
            while (cursor.MoveNext())
            {
                label(ref l);
                text(ref t);
                upper(ref u);
                features(ref f);
                rows.Add((l.ToString(), t.ToString(), u.ToString(), f.DenseValues().ToArray()));
            }
        }

        Assert.AreEqual(texts.Length, counter.Calls, "the upstream mapping must run once per row (one input cursor, each value read once)");
        Assert.HasCount(texts.Length, rows);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.AreEqual(i.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i].Label, $"row {i} keeps its order");
            Assert.AreEqual(texts[i], rows[i].Text, $"row {i}");
            Assert.AreEqual(texts[i].ToUpperInvariant(), rows[i].Upper, $"row {i}");
            Fixtures.AssertClose(expected[i].Embedding, rows[i].Features, 1e-5f, $"row {i}");
        }
    }

    /// <summary>Counts the cursors opened on a view.</summary>
    private sealed class CountingView(IDataView inner) : IDataView
    {
        private int _cursors;

        public int Cursors => Volatile.Read(ref _cursors);

        public DataViewSchema Schema => inner.Schema;

        public bool CanShuffle => inner.CanShuffle;

        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            Interlocked.Increment(ref _cursors);
            return inner.GetRowCursor(columnsNeeded, rand);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            Interlocked.Add(ref _cursors, n);
            return inner.GetRowCursorSet(columnsNeeded, n, rand);
        }
    }

    [TestMethod]
    public void EachCursorOpensOneInputCursorShuffledOrNot()
    {
        var ml = new MLContext(seed: 1);
        var input = new CountingView(ml.Data.Cache(ml.Data.LoadFromEnumerable(
            Fixtures.Cases().Select((c, i) => new TextRow { Text = c.GetProperty("text").GetString()!, Label = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Take(25).ToArray())));
        using var transformer = ml.Transforms.Text.ClassifyXlmRoberta(new ClassifyXlmRobertaOptions
        {
            ModelFolder = Fixtures.TextClassificationModel,
            ReadAheadRows = 4,
        }).Fit(input);
        IDataView output = transformer.Transform(input);
        int before = input.Cursors;
        Assert.HasCount(25, output.GetColumn<string>("PredictedLabel").ToArray());
        Assert.AreEqual(before + 1, input.Cursors, "one input cursor for a cursor that computes");
        using (DataViewRowCursor shuffled = output.GetRowCursor(output.Schema, new Random(3)))
        {
            while (shuffled.MoveNext())
            {
            }
        }

        Assert.AreEqual(before + 2, input.Cursors, "one input cursor for a shuffled cursor too");
    }

    [TestMethod]
    public void PassThroughVectorsAreCopiedPerRowOfTheWindow()
    {
        string[] texts = Fixtures.Cases().Select(c => c.GetProperty("text").GetString()!).Take(20).ToArray();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        using var tokenize = ml.Transforms.Text.TokenizeXlmRoberta("input_ids", "Text", Fixtures.FeatureExtractionModel).Fit(data);
        IDataView ids = tokenize.Transform(data);
        long[][] expected = ids.GetColumn<long[]>("input_ids").ToArray();
        using var embed = ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions { ModelFolder = Fixtures.FeatureExtractionModel, ReadAheadRows = 6 }).Fit(ids);
        IDataView output = embed.Transform(ids);

        // input_ids is a variable-size vector read ahead with the window: every row must keep its own values.
        long[][] passed = output.GetColumn<long[]>("input_ids").ToArray();
        float[][] features = output.GetColumn<float[]>("Features").ToArray();
        Assert.HasCount(texts.Length, features);
        for (int i = 0; i < texts.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i], passed[i], $"row {i}");
        }

        using var cursor = output.GetRowCursor([output.Schema["input_ids"], output.Schema["Features"]]);
        var getter = cursor.GetGetter<VBuffer<long>>(output.Schema["input_ids"]);
        VBuffer<long> value = default;
        for (int i = 0; cursor.MoveNext(); i++)
        {
            getter(ref value);
            CollectionAssert.AreEqual(expected[i], value.DenseValues().ToArray(), $"row {i} through one reused buffer");
        }
    }
}

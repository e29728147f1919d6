using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.Classification;

/// <summary>Slot-name annotations (the model's <c>id2label</c>) for per-label vectors.</summary>
internal static class LabelAnnotations
{
    public static DataViewSchema.Annotations SlotNames(IReadOnlyList<string> labels)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add<VBuffer<ReadOnlyMemory<char>>>("SlotNames", new VectorDataViewType(TextDataViewType.Instance, labels.Count), (ref VBuffer<ReadOnlyMemory<char>> dst) =>
        {
            VBufferEditor<ReadOnlyMemory<char>> editor = VBufferEditor.Create(ref dst, labels.Count);
            for (int i = 0; i < labels.Count; i++)
            {
                editor.Values[i] = labels[i].AsMemory();
            }

            dst = editor.Commit();
        });
        return builder.ToAnnotations();
    }
}

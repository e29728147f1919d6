using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Interactive;

/// <summary>
/// The .NET Interactive kernel extension of Microsoft.ML.XlmRoberta. A notebook that references the
/// Microsoft.ML.XlmRoberta package loads it from the package's <c>interactive-extensions/dotnet</c> folder and calls
/// <see cref="OnLoadAsync"/>, which registers HTML formatters: an encoding as a token/id/offset table,
/// a token-classification result as highlighted text, a batch of embeddings as its shape plus a preview, and a
/// fill-mask prediction as a table of candidates.
/// </summary>
public sealed class XlmRobertaKernelExtension : IKernelExtension
{
    /// <summary>Registers the formatters (once per process; registering again replaces them).</summary>
    /// <param name="kernel">The kernel that loaded the extension (formatters are process-wide, so it is not used).</param>
    public Task OnLoadAsync(Kernel kernel)
    {
        Register();
        return Task.CompletedTask;
    }

    /// <summary>Registers the HTML formatters and makes HTML the preferred display of those types.</summary>
    public static void Register()
    {
        Add<XlmRobertaEncoding>(EncodingFormatter.Write);
        Add<TokenClassificationResult>(TokenClassificationFormatter.Write);
        Add<EmbeddingResult[]>(EmbeddingFormatter.Write);
        Add<EmbeddingResult>((value, writer) => EmbeddingFormatter.Write([value], writer));
        Add<MaskPrediction>(FillMaskFormatter.Write);
    }

    private static void Add<T>(Action<T, TextWriter> write)
    {
        Formatter.Register(write, HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType);
    }
}

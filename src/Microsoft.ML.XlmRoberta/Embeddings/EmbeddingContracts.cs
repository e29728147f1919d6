namespace Microsoft.ML.XlmRoberta.Embeddings;

/// <summary>
/// The custom-mapping contracts of saved embedding transforms. A loaded column gets its type from the mapping's row
/// class, so there is one contract per vector size of the XLM-R family (768 base, 1024 large, 2560 XL, 4096 XXL; 32
/// for the test models); other sizes load as variable-size vectors.
/// </summary>
internal static class EmbeddingContracts
{
    public const string Prefix = "XlmRoberta.Embeddings.";
    public const string Size32 = Prefix + "32";
    public const string Size768 = Prefix + "768";
    public const string Size1024 = Prefix + "1024";
    public const string Size2560 = Prefix + "2560";
    public const string Size4096 = Prefix + "4096";
    public const string Variable = Prefix + "Variable";

    /// <summary>The contract for embeddings of <paramref name="dimension"/> values.</summary>
    public static string For(int dimension) => dimension switch
    {
        32 => Size32,
        768 => Size768,
        1024 => Size1024,
        2560 => Size2560,
        4096 => Size4096,
        _ => Variable,
    };
}

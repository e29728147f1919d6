namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>How the values of one output column are held for a batch of rows, and which ML.NET type they have.</summary>
internal enum OutputKind
{
    /// <summary><c>float[][]</c>, one array per row; a fixed- or variable-size <c>Single</c> vector.</summary>
    SingleVector,

    /// <summary><c>long[][]</c>; a variable-size <c>Int64</c> vector.</summary>
    Int64Vector,

    /// <summary><c>int[][]</c>; a variable-size <c>Int32</c> vector.</summary>
    Int32Vector,

    /// <summary><c>string[][]</c>; a variable-size text vector.</summary>
    TextVector,

    /// <summary><c>string[]</c>; a text scalar.</summary>
    Text,

    /// <summary><c>float[]</c>; a <c>Single</c> scalar.</summary>
    Single,

    /// <summary><c>int[]</c>; an <c>Int32</c> scalar.</summary>
    Int32,
}

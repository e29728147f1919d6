namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>The fixed internal column names of a saved XLM-R transform (dropped again at its end).</summary>
internal static class PersistedColumns
{
    public const string Config = "__xlmr_config";
    public const string Text = "__xlmr_text";
    public const string Pair = "__xlmr_pair";
    public const string Out0 = "__xlmr_out0";
    public const string Out1 = "__xlmr_out1";
    public const string Out2 = "__xlmr_out2";
    public const string Out3 = "__xlmr_out3";
    public const string Out4 = "__xlmr_out4";

    /// <summary>The internal column of output role <paramref name="role"/>.</summary>
    public static string Output(int role) => "__xlmr_out" + role.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

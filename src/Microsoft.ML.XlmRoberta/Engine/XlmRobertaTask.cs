using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta.Engine;

/// <summary>
/// One task over the core engine: its output roles and how a batch of texts becomes their values. Thread-safe
/// (the core engine is); the values go to a caller-owned <see cref="BatchValues"/>.
/// </summary>
internal abstract class XlmRobertaTask
{
    protected XlmRobertaTask(TaskConfig config) => Config = config;

    /// <summary>The configuration the task was built from.</summary>
    public TaskConfig Config { get; }

    /// <summary>Every output role, in role order (named from <see cref="TaskConfig.OutputNames"/>, or by role when off).</summary>
    public abstract IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>Computes rows <c>0..count-1</c> of the active roles into <paramref name="values"/>.</summary>
    /// <param name="texts">The texts (missing text is the empty string).</param>
    /// <param name="pairs">The second texts of pairs, or null.</param>
    /// <param name="count">The rows in this batch.</param>
    /// <param name="active">Per role, whether it is wanted.</param>
    /// <param name="values">Where the values go.</param>
    public abstract void Compute(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values);

    /// <summary>The name of role <paramref name="role"/>: the user's, or <paramref name="fallback"/> when off.</summary>
    protected string NameOf(int role, string fallback) =>
        role < Config.OutputNames.Length && Config.OutputNames[role] is string name ? name : fallback;

    /// <summary>Whether any role in <paramref name="active"/> is on.</summary>
    protected static bool Any(bool[] active)
    {
        foreach (bool a in active)
        {
            if (a)
            {
                return true;
            }
        }

        return false;
    }
}

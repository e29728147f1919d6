using System.CommandLine;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary>Value checks attached to options, so a bad value is a usage error (exit code 2) naming the option.</summary>
internal static class OptionRules
{
    public static Option<int> AtLeast(this Option<int> option, int minimum, string why = "")
    {
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}{why}, not {value}.");
            }
        });
        return option;
    }

    public static Option<int?> AtLeast(this Option<int?> option, int minimum, string why = "")
    {
        option.Validators.Add(result =>
        {
            int? value = result.GetValueOrDefault<int?>();
            if (value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}{why}, not {value}.");
            }
        });
        return option;
    }

    public static Option<int> Between(this Option<int> option, int minimum, int maximum, string why = "")
    {
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < minimum || value > maximum)
            {
                result.AddError($"{option.Name} must be within {minimum}..{maximum}{why}, not {value}.");
            }
        });
        return option;
    }
}

using System.CommandLine;
using System.Globalization;

namespace TimeSformer.Cli.Arguments;

/// <summary>Range checks on numeric options: a value out of range, or not a finite number, is a usage error (exit 2)
/// naming the option.</summary>
internal static class OptionRules
{
    public static Option<T> AtLeast<T>(this Option<T> option, double min) =>
        option.Must(v => v >= min, $"at least {min}");

    public static Option<T> Between<T>(this Option<T> option, double min, double max) =>
        option.Must(v => v >= min && v <= max, $"between {min} and {max}");

    /// <summary>A value strictly above <paramref name="min"/> (e.g. a learning rate above 0).</summary>
    public static Option<T> Above<T>(this Option<T> option, double min) =>
        option.Must(v => v > min, $"greater than {min}");

    private static Option<T> Must<T>(this Option<T> option, Func<double, bool> accept, string expected)
    {
        option.Validators.Add(result =>
        {
            object? value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                // The token is not a number of this type: the parser reports that itself, naming the option.
                return;
            }
            if (value is null) return;
            double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            string text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
            if (!double.IsFinite(v))
                result.AddError($"{option.Name} must be a finite number, was {text}.");
            else if (!accept(v))
                result.AddError($"{option.Name} must be {expected}, was {text}.");
        });
        return option;
    }
}

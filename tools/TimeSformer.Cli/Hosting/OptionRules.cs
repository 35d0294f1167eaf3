using System.CommandLine;
using System.Globalization;

namespace TimeSformer.Cli.Hosting;

/// <summary>Range checks on numeric options: a value out of range is a usage error (exit 2) naming the option.</summary>
internal static class OptionRules
{
    public static Option<T> AtLeast<T>(this Option<T> option, double min) => option.Between(min, double.PositiveInfinity);

    public static Option<T> Between<T>(this Option<T> option, double min, double max)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is not { } value) return;
            double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (v < min || v > max)
                result.AddError(double.IsPositiveInfinity(max)
                    ? $"{option.Name} must be at least {min}, was {value}."
                    : $"{option.Name} must be between {min} and {max}, was {value}.");
        });
        return option;
    }
}

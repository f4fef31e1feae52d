using System.Globalization;
using System.Text.RegularExpressions;

namespace Delivery.Core.Pipelines.Config;

/// <summary>
/// Converts scalars to typed values, reporting a <see cref="ConfigError"/> (and returning null) when they do not fit.
/// Quoted scalars are always text: <c>"6"</c> is not an integer, as in YAML itself.
/// </summary>
public static partial class ConfigValues
{
    public const string DurationExpected = "a duration such as 30s, 5m, 1h or 1m30s";
    public const string PercentageExpected = "a percentage such as 80%";

    public static string? Text(ConfigNode node, ConfigErrors errors, string expected = "text")
    {
        if (node is ConfigScalar { IsNull: false } scalar) return scalar.Value;
        errors.Add(node.Span, $"found {node.Describe()}", expected);
        return null;
    }

    public static int? Integer(ConfigNode node, ConfigErrors errors, int min, int max)
    {
        var expected = max == int.MaxValue ? $"a whole number of at least {min}" : $"a whole number from {min} to {max}";
        if (node is ConfigScalar { Quoted: false } scalar
            && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min && value <= max) return value;
            errors.Add(node.Span, $"{value} is out of range", expected);
            return null;
        }
        errors.Add(node.Span, $"found {node.Describe()}", expected);
        return null;
    }

    public static double? Number(ConfigNode node, ConfigErrors errors, string expected = "a number")
    {
        if (node is ConfigScalar { Quoted: false } scalar
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
            return value;
        errors.Add(node.Span, $"found {node.Describe()}", expected);
        return null;
    }

    public static bool? Boolean(ConfigNode node, ConfigErrors errors)
    {
        if (node is ConfigScalar { Quoted: false, Value: "true" or "false" } scalar) return scalar.Value == "true";
        errors.Add(node.Span, $"found {node.Describe()}", "true or false");
        return null;
    }

    /// <summary><c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1m30s</c>, <c>500ms</c>; greater than zero.</summary>
    public static TimeSpan? Duration(ConfigNode node, ConfigErrors errors)
    {
        if (node is ConfigScalar { IsNull: false } scalar && TryParseDuration(scalar.Value, out var duration) && duration > TimeSpan.Zero)
            return duration;
        errors.Add(node.Span, $"found {node.Describe()}", DurationExpected);
        return null;
    }

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text);
        if (!match.Success || text.Length == 0) return false;
        static long Part(Group g) => g.Success ? long.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        if (match.Groups.Values.Skip(1).Any(g => g.Success && g.Value.Length > 6)) return false;
        duration = TimeSpan.FromHours(Part(match.Groups["h"])) + TimeSpan.FromMinutes(Part(match.Groups["m"]))
                 + TimeSpan.FromSeconds(Part(match.Groups["s"])) + TimeSpan.FromMilliseconds(Part(match.Groups["ms"]));
        return true;
    }

    /// <summary><c>80%</c> as 0.8. Bounds are in percent, inclusive.</summary>
    public static double? Percentage(ConfigNode node, ConfigErrors errors, double min = 0, double max = 100)
    {
        var expected = $"{PercentageExpected}, from {min}% to {max}%";
        if (node is ConfigScalar { IsNull: false } scalar && scalar.Value.EndsWith('%')
            && double.TryParse(scalar.Value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
        {
            if (percent >= min && percent <= max) return percent / 100;
            errors.Add(node.Span, $"{scalar.Value} is out of range", expected);
            return null;
        }
        errors.Add(node.Span, $"found {node.Describe()}", expected);
        return null;
    }

    [GeneratedRegex("^(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m(?!s))?(?:(?<s>[0-9]+)s)?(?:(?<ms>[0-9]+)ms)?$")]
    private static partial Regex DurationPattern();
}

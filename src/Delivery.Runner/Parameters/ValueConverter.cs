using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Delivery.Runner.Parameters;

/// <summary>
/// Turns value tokens into a parameter's type: string, bool, int, long, double, TimeSpan (<c>30s</c>,
/// <c>5m</c>, <c>1h</c>, <c>hh:mm:ss</c>), enums, <see cref="AbsolutePath"/> (relative to the root),
/// arrays of these, nullable variants, and any type with a static <c>Parse(string)</c>.
/// </summary>
internal static partial class ValueConverter
{
    /// <exception cref="FormatException">The message says what was expected, never the value itself.</exception>
    public static object? Convert(IReadOnlyList<string> tokens, Type type, char separator, AbsolutePath root)
    {
        if (type.IsArray)
        {
            var elementType = type.GetElementType()!;
            var items = tokens
                .SelectMany(x => separator != '\0' ? x.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [x])
                .Select(x => ConvertSingle(x, elementType, root))
                .ToArray();
            var array = Array.CreateInstance(elementType, items.Length);
            Array.Copy(items, array, items.Length);
            return array;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(bool) && tokens.Count == 0)
            return true;
        if (tokens.Count != 1)
            throw new FormatException($"a single value ({Describe(type)}), not {tokens.Count}");
        return ConvertSingle(tokens[0], underlying, root);
    }

    /// <summary>What a type expects, worded for "… but expects {this}": "a whole number", "one of Debug, Release".</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
            return $"one or more values, each {Describe(type.GetElementType()!)}";
        if (type.IsEnum)
            return $"one of {string.Join(", ", Enum.GetNames(type))}";
        return type switch
        {
            _ when type == typeof(string) => "text",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) => "a number",
            _ when type == typeof(TimeSpan) => "a duration such as 30s, 5m, 1h or hh:mm:ss",
            _ when type == typeof(AbsolutePath) => "a path",
            _ => $"a {type.Name}",
        };
    }

    /// <summary>Whether an option may stand alone: a flag means true, a list may be empty.</summary>
    public static bool AcceptsNoValue(Type type) =>
        type.IsArray || (Nullable.GetUnderlyingType(type) ?? type) == typeof(bool);

    static object ConvertSingle(string token, Type type, AbsolutePath root)
    {
        var value = token.Trim();
        object? result = type switch
        {
            _ when type == typeof(string) => token,
            _ when type == typeof(bool) => ParseBool(value),
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            _ when type == typeof(TimeSpan) => ParseDuration(value),
            _ when type == typeof(AbsolutePath) => value.Length > 0 ? root / value : null,
            _ when type.IsEnum => Enum.GetNames(type).FirstOrDefault(x => ParameterNaming.Normalize(x) == ParameterNaming.Normalize(value)) is { } name
                ? Enum.Parse(type, name)
                : null,
            _ => ParseWithMethod(value, type),
        };
        return result ?? throw new FormatException(Describe(type));
    }

    static object? ParseBool(string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => null,
    };

    static object? ParseDuration(string value)
    {
        var match = DurationPattern().Match(value);
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            return match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }
        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) ? span : null;
    }

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)$")]
    private static partial Regex DurationPattern();

    // Lets value records such as ImageReference be parameters without the runner knowing them.
    static object? ParseWithMethod(string value, Type type)
    {
        var parse = type.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string)]);
        if (parse is null || parse.ReturnType != type)
            throw new FormatException($"{type.Name}, which cannot be read from text (no static Parse(string))");
        try
        {
            return parse.Invoke(null, [value]);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Delivery.Sandbox.Marathon.Apps.JsonKinds;

namespace Delivery.Sandbox.Marathon.Apps;

/// <summary>Validation of <c>constraints</c> with the messages of Marathon's SchedulingValidation.</summary>
internal static class ConstraintRules
{
    public static readonly string[] Operators = ["UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "MAX_PER", "UNLIKE", "IS"];

    public static IEnumerable<(string Path, string Error)> Validate(JsonArray constraints)
    {
        for (var i = 0; i < constraints.Count; i++)
        {
            var path = $"/constraints({i})";
            var parts = (Arr(constraints[i]) ?? []).Select(p => Str(p) ?? "").ToList();
            if (parts.Count is not (2 or 3))
            {
                yield return (path, "Each constraint must have either 2 or 3 fields");
                continue;
            }
            var error = ValidateOne(parts[1], parts.Count == 3 ? parts[2] : null);
            if (error is not null) yield return (path, error);
        }
    }

    private static string? ValidateOne(string op, string? value) => op switch
    {
        // An empty third field is how Marathon itself prints a value-less constraint (fixture 05).
        "UNIQUE" => string.IsNullOrEmpty(value) ? null : "UNIQUE does not accept a value",
        "CLUSTER" => null,
        "GROUP_BY" => value is null or "" || int.TryParse(value, out _) ? null : "GROUP BY must define an integer value or else no value at all",
        "MAX_PER" => int.TryParse(value, out _) ? null : "MAX_PER requires an integer value",
        "LIKE" or "UNLIKE" => string.IsNullOrEmpty(value) ? "LIKE and UNLIKE require a non-empty, regular expression value"
            : IsRegex(value) ? null : $"'{value}' is not a valid regular expression",
        "IS" => value is not null && IsTextOrFloat(value) ? null
            : "IS only supports Mesos text and float values (see http://mesos.apache.org/documentation/latest/attributes-resources/)",
        _ => "operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS",
    };

    private static bool IsRegex(string value)
    {
        try { _ = new Regex(value); return true; }
        catch (ArgumentException) { return false; }
    }

    // Mesos text: [a-zA-Z0-9_/.-]+ ; float: a plain decimal number.
    private static bool IsTextOrFloat(string value) =>
        Regex.IsMatch(value, "^[a-zA-Z0-9_/.-]+$") || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}

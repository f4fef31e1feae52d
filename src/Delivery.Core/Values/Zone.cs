using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Delivery.Core.Values;

/// <summary>An availability zone, e.g. <c>us-east-1a</c>, as Mesos agents report it in their fault domain.</summary>
public sealed partial record Zone
{
    public string Name { get; }

    public Zone(string name)
    {
        if (!IsZoneName(name))
            throw new FormatException($"'{name}' is not a zone name: expected lowercase letters, digits and dashes, e.g. us-east-1a.");
        Name = name;
    }

    /// <summary>The zone named <paramref name="text"/>, or false: for text from outside (labels, events, files) that may be anything.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Zone? zone)
    {
        zone = IsZoneName(text) ? new Zone(text) : null;
        return zone is not null;
    }

    private static bool IsZoneName([NotNullWhen(true)] string? name) => !string.IsNullOrWhiteSpace(name) && ZonePattern().IsMatch(name);

    public override string ToString() => Name;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ZonePattern();
}

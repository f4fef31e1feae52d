using System.Text.RegularExpressions;

namespace Delivery.Core.Values;

/// <summary>An availability zone, e.g. <c>us-east-1a</c>, as Mesos agents report it in their fault domain.</summary>
public sealed partial record Zone
{
    public string Name { get; }

    public Zone(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || !ZonePattern().IsMatch(name))
            throw new FormatException($"'{name}' is not a zone name: expected lowercase letters, digits and dashes, e.g. us-east-1a.");
        Name = name;
    }

    public override string ToString() => Name;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ZonePattern();
}

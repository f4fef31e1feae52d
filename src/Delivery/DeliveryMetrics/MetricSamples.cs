using System.Globalization;
using System.Text;

namespace Delivery.DeliveryMetrics;

public enum MetricType { Counter, Gauge, Untyped }

/// <summary>One series' name and labels (without the Pushgateway's grouping labels), in a fixed order so equal keys compare equal.</summary>
public sealed record SeriesKey(string Name, string Labels)
{
    public static SeriesKey Of(string name, IEnumerable<KeyValuePair<string, string>> labels) =>
        new(name, string.Join(",", labels.Where(l => l.Value.Length > 0).OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}=\"{Escape(l.Value)}\"")));

    public static SeriesKey Of(string name, params (string Key, string Value)[] labels) =>
        Of(name, labels.Select(l => KeyValuePair.Create(l.Key, l.Value)));

    /// <summary>Label values escaped as the text exposition format asks: backslash, double quote, newline.</summary>
    public static string Escape(string value) => value.Replace("\\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");

    public override string ToString() => Labels.Length == 0 ? Name : $"{Name}{{{Labels}}}";
}

/// <summary>The metrics of one Pushgateway group: every series with its family's type and help, as the text format writes them.</summary>
public sealed class MetricSamples
{
    private readonly Dictionary<SeriesKey, double> _values = [];
    private readonly Dictionary<string, (MetricType Type, string Help)> _families = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<SeriesKey, double> Values => _values;

    public double? Get(SeriesKey key) => _values.TryGetValue(key, out var value) ? value : null;

    public void Family(string name, MetricType type, string help)
    {
        if (!_families.TryGetValue(name, out var known) || known.Help.Length == 0) _families[name] = (type, help);
    }

    public void Set(SeriesKey key, double value, MetricType type = MetricType.Gauge, string help = "")
    {
        Family(key.Name, type, help);
        _values[key] = value;
    }

    /// <summary>Adds to a counter (from zero when the series is new).</summary>
    public void Add(SeriesKey key, double delta, string help = "")
    {
        Family(key.Name, MetricType.Counter, help);
        _values[key] = _values.GetValueOrDefault(key) + delta;
    }

    /// <summary>The Prometheus text exposition format (version 0.0.4), families sorted by name.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var family in _values.Keys.GroupBy(k => k.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (type, help) = _families.GetValueOrDefault(family.Key, (MetricType.Untyped, ""));
            if (help.Length > 0) text.Append("# HELP ").Append(family.Key).Append(' ').Append(help.Replace("\\", @"\\").Replace("\n", @"\n")).Append('\n');
            text.Append("# TYPE ").Append(family.Key).Append(' ').Append(type.ToString().ToLowerInvariant()).Append('\n');
            foreach (var key in family.OrderBy(k => k.Labels, StringComparer.Ordinal))
                text.Append(key).Append(' ').Append(_values[key].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }
}

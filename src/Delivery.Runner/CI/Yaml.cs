using System.Text;
using System.Text.RegularExpressions;

namespace Delivery.Runner.CI;

/// <summary>
/// The small part of YAML the CI writers need: ordered mappings, sequences, scalars and comments, written with two
/// spaces per level and '\n' line endings. Written by hand rather than through a serializer so that the order of
/// keys, the quoting and the comments are ours: the output is checked in, and a diff of it must mean a change.
/// </summary>
internal abstract class YamlNode;

internal sealed class YamlScalar(string text, bool plain = false) : YamlNode
{
    public string Text { get; } = text;

    /// <summary>Written as is: numbers, booleans, <c>[]</c>.</summary>
    public bool Plain { get; } = plain;

    public static implicit operator YamlScalar(string text) => new(text);
}

internal sealed class YamlMap : YamlNode
{
    public List<(string Key, YamlNode? Value, string? Comment)> Entries { get; } = [];

    public YamlMap Add(string key, YamlNode? value, string? comment = null)
    {
        if (Entries.Any(x => x.Key == key))
            throw new InvalidOperationException($"The YAML mapping already has the key '{key}'.");
        Entries.Add((key, value, comment));
        return this;
    }

    public YamlMap Add(string key, string value, string? comment = null) => Add(key, new YamlScalar(value), comment);
    public YamlMap Add(string key, bool value) => Add(key, new YamlScalar(value ? "true" : "false", plain: true));
    public YamlMap Add(string key, int value) => Add(key, new YamlScalar(value.ToString(System.Globalization.CultureInfo.InvariantCulture), plain: true));
}

internal sealed class YamlList : YamlNode
{
    public List<YamlNode> Items { get; } = [];

    public YamlList() { }
    public YamlList(IEnumerable<string> items) => Items.AddRange(items.Select(x => new YamlScalar(x)));

    public YamlList Add(YamlNode item)
    {
        Items.Add(item);
        return this;
    }
}

internal static partial class YamlWriter
{
    /// <param name="header">Comment lines at the top of the file.</param>
    public static string Write(YamlMap document, IEnumerable<string> header)
    {
        var lines = header.Select(x => x.Length == 0 ? "#" : "# " + x).ToList();
        WriteMap(document, 0, lines);
        return string.Join("\n", lines) + "\n";
    }

    static void WriteMap(YamlMap map, int indent, List<string> lines)
    {
        var pad = new string(' ', indent);
        foreach (var (key, value, comment) in map.Entries)
        {
            foreach (var line in (comment ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                lines.Add($"{pad}# {line}");
            switch (value)
            {
                case null:
                    lines.Add($"{pad}{key}:");
                    break;
                case YamlScalar scalar when scalar.Text.Contains('\n'):
                    lines.Add($"{pad}{key}: |-");
                    lines.AddRange(scalar.Text.Split('\n').Select(x => x.Length == 0 ? "" : $"{pad}  {x}"));
                    break;
                case YamlScalar scalar:
                    lines.Add($"{pad}{key}: {Scalar(scalar)}");
                    break;
                case YamlMap { Entries.Count: 0 }:
                    lines.Add($"{pad}{key}: {{}}");
                    break;
                case YamlList { Items.Count: 0 }:
                    lines.Add($"{pad}{key}: []");
                    break;
                default:
                    lines.Add($"{pad}{key}:");
                    WriteNode(value, indent + 2, lines);
                    break;
            }
        }
    }

    static void WriteNode(YamlNode node, int indent, List<string> lines)
    {
        if (node is YamlMap map)
        {
            WriteMap(map, indent, lines);
            return;
        }
        var pad = new string(' ', indent);
        foreach (var item in ((YamlList)node).Items)
        {
            if (item is YamlScalar scalar)
            {
                lines.Add($"{pad}- {Scalar(scalar)}");
                continue;
            }
            // A mapping in a sequence starts on the dash's line: "- uses: x" then its other keys below.
            var nested = new List<string>();
            WriteNode(item, indent + 2, nested);
            if (nested.Count == 0 || nested[0].TrimStart().StartsWith('#'))
                throw new InvalidOperationException("A mapping in a YAML sequence must start with a key, not a comment.");
            lines.Add($"{pad}- {nested[0][(indent + 2)..]}");
            lines.AddRange(nested.Skip(1));
        }
    }

    /// <summary>Plain when YAML reads the text back as the same string; otherwise single-quoted.</summary>
    public static string Scalar(YamlScalar scalar)
    {
        if (scalar.Plain) return scalar.Text;
        var text = scalar.Text;
        // A line break inside quotes folds into a space; only a mapping value is written as a block (|-).
        if (text.Contains('\n'))
            throw new InvalidOperationException($"A multi-line YAML scalar is only supported as a mapping value: '{text}'.");
        return IsPlainSafe(text) ? text : "'" + text.Replace("'", "''") + "'";
    }

    static bool IsPlainSafe(string text) =>
        text.Length > 0
        && SafeStart().IsMatch(text)
        && !text.Contains(": ") && !text.Contains(" #") && !text.EndsWith(':') && !text.EndsWith(' ')
        && !text.Contains('\t')
        && !Reserved.Contains(text.ToLowerInvariant())
        && !NumberLike().IsMatch(text);

    // YAML 1.1 readers (GitLab's Ruby parser among them) take these for booleans or null.
    static readonly HashSet<string> Reserved = ["true", "false", "yes", "no", "y", "n", "on", "off", "null", "~"];

    [GeneratedRegex(@"^[A-Za-z0-9_./$(]")]
    private static partial Regex SafeStart();

    // Integers, floats, dates and sexagesimals: text a reader could turn into something other than a string.
    [GeneratedRegex(@"^[-+]?[0-9][0-9_.:eE+-]*$")]
    private static partial Regex NumberLike();
}

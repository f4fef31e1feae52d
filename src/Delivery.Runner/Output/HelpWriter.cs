using System.Collections;
using Delivery.Runner.Execution;
using Delivery.Runner.Parameters;

namespace Delivery.Runner.Output;

/// <summary>
/// <c>--help</c>: the listed targets with their direct dependencies and descriptions, then the custom
/// parameters and the built-in ones in kebab-case, then where values come from.
/// </summary>
internal sealed class HelpWriter(BuildConsole console)
{
    const int NameColumn = 28;

    /// <param name="defaults">Each parameter's value before injection (its initialiser).</param>
    public void Write(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<(ParameterMember Member, object? Default)> defaults)
    {
        console.WriteLine("Targets (with their direct dependencies):");
        console.WriteLine();
        foreach (var target in targets.Where(x => x.IsListed))
        {
            var line = "  " + target.Name + (target.IsDefault ? " (default)" : string.Empty);
            if (target.ExecutionDependencies.Count > 0)
                line += " -> " + string.Join(", ", target.ExecutionDependencies.Select(x => x.Name));
            console.WriteLine(line);
            if (target.Description is { Length: > 0 } description)
            {
                foreach (var wrapped in TextWrap.Lines(description, TextWrap.Width - 6))
                    console.WriteLine("      " + wrapped);
            }
        }

        console.WriteLine();
        console.WriteLine("Parameters:");
        console.WriteLine();
        foreach (var (member, value) in defaults)
            WriteOption(member.CliName, ParameterText(member, value));
        if (defaults.Count > 0)
            console.WriteLine();
        foreach (var (name, description) in BuiltInOptions.All)
            WriteOption("--" + name, description);

        console.WriteLine();
        foreach (var line in TextWrap.Lines(ParameterResolver.Precedence, TextWrap.Width))
            console.WriteLine(line);
    }

    static string ParameterText(ParameterMember member, object? value)
    {
        var parts = new List<string>();
        if (member.Description is { Length: > 0 } description)
            parts.Add(description.TrimEnd('.') + ".");
        var type = Nullable.GetUnderlyingType(member.Type) ?? member.Type;
        if (type.IsEnum)
            parts.Add($"One of: {string.Join(", ", Enum.GetNames(type))}.");
        if (member.IsSecret)
            parts.Add("Secret.");
        else if (DefaultText(value) is { } shown)
            parts.Add($"Default: {shown}.");
        return string.Join(" ", parts);
    }

    // Only meaningful defaults are shown: nothing for null, false, empty text or empty lists.
    static string? DefaultText(object? value) => value switch
    {
        null or false => null,
        string text => text.Length > 0 ? $"'{text}'" : null,
        IEnumerable items => items.Cast<object?>().ToList() is { Count: > 0 } list ? string.Join(", ", list) : null,
        TimeSpan span => Duration(span),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    // Defaults are shown in the form users type: 30s, 5m, 1h, else hh:mm:ss.
    static string Duration(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerHour == 0 && span > TimeSpan.Zero ? $"{(long)span.TotalHours}h"
        : span.Ticks % TimeSpan.TicksPerMinute == 0 && span > TimeSpan.Zero ? $"{(long)span.TotalMinutes}m"
        : span.Ticks % TimeSpan.TicksPerSecond == 0 && span > TimeSpan.Zero ? $"{(long)span.TotalSeconds}s"
        : span.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    void WriteOption(string name, string description)
    {
        var lines = TextWrap.Lines(description, TextWrap.Width - NameColumn).ToList();
        var head = ("  " + name).PadRight(NameColumn);
        if (head.Length > NameColumn)
        {
            console.WriteLine(head.TrimEnd());
            head = new string(' ', NameColumn);
        }
        console.WriteLine((head + lines.FirstOrDefault()).TrimEnd());
        foreach (var line in lines.Skip(1))
            console.WriteLine(new string(' ', NameColumn) + line);
    }
}

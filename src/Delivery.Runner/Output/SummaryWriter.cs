using System.Globalization;
using Delivery.Runner.Execution;

namespace Delivery.Runner.Output;

/// <summary>
/// The end of the build: the "Errors &amp; Warnings" block (when there were any), the summary table, and
/// the closing "Build succeeded/failed on …" line. Collective targets are left out of the table.
/// </summary>
internal sealed class SummaryWriter(BuildConsole console)
{
    public void Write(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<LogEntry> warningsAndErrors, bool succeeded, DateTimeOffset finishedAt)
    {
        var rows = plan.Where(x => x.Definition.Actions.Count > 0).ToList();
        var nameWidth = Math.Max(rows.Select(x => x.Name.Length).DefaultIfEmpty(0).Max() + 4, 20);
        var width = nameWidth + StatusWidth + DurationWidth;

        console.WriteLine();
        if (warningsAndErrors.Count > 0)
            WriteWarningsAndErrors(warningsAndErrors, width);

        console.WriteLine(new string('═', width));
        console.WriteLine("Target".PadRight(nameWidth) + "Status".PadRight(StatusWidth) + "Duration".PadLeft(DurationWidth));
        console.WriteLine(new string('─', width));
        foreach (var target in rows)
        {
            var line = target.Name.PadRight(nameWidth) + target.Status.ToString().PadRight(StatusWidth) + Duration(target).PadLeft(DurationWidth);
            if (Notes(target) is { Length: > 0 } notes)
                line += "   // " + notes;
            console.WriteLine(line, ColorOf(target.Status));
        }
        console.WriteLine(new string('─', width));
        var total = rows.Aggregate(TimeSpan.Zero, (sum, x) => sum + x.Duration);
        console.WriteLine("Total".PadRight(nameWidth + StatusWidth) + Durations.Format(total).PadLeft(DurationWidth));
        console.WriteLine(new string('═', width));
        console.WriteLine();

        var at = finishedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        console.WriteLine(succeeded ? $"Build succeeded on {at} UTC." : $"Build failed on {at} UTC.",
            succeeded ? ConsoleColor.Green : ConsoleColor.Red);
    }

    const int StatusWidth = 12;
    const int DurationWidth = 8;

    void WriteWarningsAndErrors(IReadOnlyList<LogEntry> entries, int width)
    {
        console.WriteLine(new string('═', width));
        console.WriteLine("Errors & Warnings");
        console.WriteLine(new string('─', width));
        foreach (var entry in entries)
        {
            var prefix = $"[{BuildLog.Tag(entry.Level)}] " + (entry.Target is { } target ? $"{target}: " : string.Empty);
            var lines = entry.Message.ReplaceLineEndings("\n").Split('\n');
            console.WriteLine(prefix + lines[0], BuildLog.ColorOf(entry.Level));
            foreach (var line in lines.Skip(1))
                console.WriteLine(new string(' ', prefix.Length) + line, BuildLog.ColorOf(entry.Level));
        }
        console.WriteLine();
    }

    // Targets that never started have no duration worth showing.
    static string Duration(ExecutableTarget target) =>
        target.Status is ExecutionStatus.Skipped or ExecutionStatus.NotRun ? string.Empty : Durations.Format(target.Duration);

    static string Notes(ExecutableTarget target) =>
        target.Status == ExecutionStatus.Skipped && target.SkipReason is { } reason
            ? reason
            : string.Join(", ", target.SummaryNotes.Select(x => x.Key.Length == 0 ? x.Value : $"{x.Key}: {x.Value}"));

    static ConsoleColor? ColorOf(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Succeeded => ConsoleColor.Green,
        ExecutionStatus.Failed => ConsoleColor.Red,
        ExecutionStatus.NotRun or ExecutionStatus.Aborted => ConsoleColor.Yellow,
        ExecutionStatus.Skipped => ConsoleColor.DarkGray,
        _ => null,
    };
}

namespace Delivery.Runner.Output;

/// <summary>
/// Writes timestamped log lines, redacts secrets, and keeps warnings and errors for the
/// "Errors &amp; Warnings" block at the end of the build.
/// </summary>
internal sealed class BuildLog(BuildConsole console, TimeProvider time, Verbosity verbosity, SecretRedactor secrets) : IBuildLog
{
    readonly List<LogEntry> _entries = [];

    /// <summary>Name of the running target, attached to collected warnings and errors.</summary>
    public string? CurrentTarget { get; set; }

    public Verbosity Verbosity => verbosity;
    public IReadOnlyList<LogEntry> WarningsAndErrors => _entries;

    public void Debug(string m) => Write(LogLevel.Debug, m);
    public void Information(string m) => Write(LogLevel.Information, m);
    public void Warning(string m) => Write(LogLevel.Warning, m);
    public void Error(string m) => Write(LogLevel.Error, m);

    // Async actions may log from several threads at once; lines must neither interleave nor be lost.
    readonly Lock _gate = new();

    void Write(LogLevel level, string message)
    {
        lock (_gate)
            WriteLocked(level, message);
    }

    void WriteLocked(LogLevel level, string message)
    {
        message = secrets.Redact(message);
        if (level >= LogLevel.Warning)
            _entries.Add(new LogEntry(level, CurrentTarget, message));
        if (!IsShown(level))
            return;
        var stamp = time.GetLocalNow().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var prefix = $"{stamp} [{Tag(level)}] ";
        var indent = new string(' ', prefix.Length);
        var lines = message.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
            console.WriteLine((i == 0 ? prefix : indent) + lines[i], ColorOf(level));
    }

    bool IsShown(LogLevel level) => level switch
    {
        LogLevel.Debug => verbosity >= Verbosity.Verbose,
        LogLevel.Information => verbosity >= Verbosity.Normal,
        LogLevel.Warning => verbosity >= Verbosity.Minimal,
        _ => true,
    };

    public static string Tag(LogLevel level) => level switch
    {
        LogLevel.Debug => "DBG",
        LogLevel.Information => "INF",
        LogLevel.Warning => "WRN",
        _ => "ERR",
    };

    public static ConsoleColor? ColorOf(LogLevel level) => level switch
    {
        LogLevel.Debug => ConsoleColor.DarkGray,
        LogLevel.Warning => ConsoleColor.Yellow,
        LogLevel.Error => ConsoleColor.Red,
        _ => null,
    };
}

internal enum LogLevel { Debug, Information, Warning, Error }

/// <summary>A warning or error kept for the end-of-build block.</summary>
internal sealed record LogEntry(LogLevel Level, string? Target, string Message);

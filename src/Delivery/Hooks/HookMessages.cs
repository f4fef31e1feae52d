using System.Globalization;

namespace Delivery.Hooks;

/// <summary>
/// The wording of hook results: one line each, naming the hook and what happened, e.g.
/// <c>pre-rollout hook 'smoke' exited with 2 after 1.2s</c>. Every line goes through the redactor, because a cause
/// taken from an exception may quote a path or URL the user put a token in.
/// </summary>
internal static class HookMessages
{
    /// <summary>1.2s, 30s, 450ms: short enough for a status line, precise enough to compare with a timeout.</summary>
    public static string Seconds(TimeSpan span) => span switch
    {
        _ when span < TimeSpan.FromSeconds(1) => $"{(int)span.TotalMilliseconds}ms",
        _ when span.Ticks % TimeSpan.TicksPerSecond == 0 => $"{(long)span.TotalSeconds}s",
        _ => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
    };

    /// <summary>A cause from an exception on one line: multi-line messages would break the run report's layout.</summary>
    public static string OneLine(string text) => string.Join(' ', text.ReplaceLineEndings("\n")
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

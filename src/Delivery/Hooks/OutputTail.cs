using System.Text;

namespace Delivery.Hooks;

/// <summary>
/// The last lines a hook wrote (stdout and stderr of a command, the body of an HTTP answer), bounded so a chatty load
/// generator cannot grow the engine's memory or the run report: at most <see cref="MaxLines"/> lines and
/// <see cref="MaxChars"/> characters. Each line is redacted as a whole before it is clipped, so a secret is never cut
/// in half where the redactor could no longer recognise it.
/// </summary>
internal sealed class OutputTail(Func<string, string> redact)
{
    public const int MaxLines = 20;
    public const int MaxChars = 4096;

    // A line longer than this (no newline in sight) is cut from the front before redaction; only such a monster line
    // could let part of a secret through, and 64 KB per stream is still a small price in memory.
    private const int MaxPendingLine = 64 * 1024;

    private readonly Queue<string> lines = new();
    private readonly Lock gate = new();
    private int chars;

    public void Add(string line)
    {
        line = redact(line);
        if (line.Length > MaxChars) line = line[^MaxChars..];
        lock (gate)
        {
            lines.Enqueue(line);
            chars += line.Length;
            // The joined text counts one newline between lines.
            while (lines.Count > MaxLines || chars + lines.Count - 1 > MaxChars) chars -= lines.Dequeue().Length;
        }
    }

    public override string ToString()
    {
        lock (gate) return string.Join('\n', lines);
    }

    /// <summary>
    /// Reads <paramref name="reader"/> to its end, line by line, into this tail. Reads in chunks rather than with
    /// ReadLineAsync, which would hold a line of any length in memory.
    /// </summary>
    public async Task PumpAsync(TextReader reader, CancellationToken ct)
    {
        var buffer = new char[4096];
        var pending = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            foreach (var c in buffer.AsSpan(0, read))
            {
                if (c == '\n')
                {
                    Add(pending.ToString().TrimEnd('\r'));
                    pending.Clear();
                }
                else
                {
                    pending.Append(c);
                }
            }
            if (pending.Length > MaxPendingLine) pending.Remove(0, pending.Length - MaxPendingLine);
        }
        if (pending.Length > 0) Add(pending.ToString().TrimEnd('\r'));
    }
}

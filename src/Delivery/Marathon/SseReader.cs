using System.Runtime.CompilerServices;
using System.Text;

namespace Delivery.Marathon;

/// <summary>One Server-Sent Events frame: the <c>event:</c> name (null when absent) and the joined <c>data:</c> lines.</summary>
public sealed record SseFrame(string? Event, string Data);

/// <summary>
/// Splits a <c>text/event-stream</c> into frames, following the WHATWG rules Marathon's framing needs: <c>event:</c>
/// and <c>data:</c> fields, a blank line ends a frame, <c>:</c> starts a comment, CR/LF/CRLF all end lines. Reads as
/// bytes arrive, so several frames in one read and one frame over several reads both work.
/// </summary>
public static class SseReader
{
    public static async IAsyncEnumerable<SseFrame> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        string? name = null;
        var data = new StringBuilder();
        var hasData = false;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData) yield return new SseFrame(name, data.ToString());
                (name, hasData) = (null, false);
                data.Clear();
                continue;
            }
            if (line[0] == ':') continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "data":
                    if (hasData) data.Append('\n');
                    data.Append(value);
                    hasData = true;
                    break;
                // "id" and "retry" are not used by Marathon; other fields are ignored, as the standard says.
            }
        }
        // A frame cut off by the end of the stream is incomplete and, per the standard, dropped.
    }
}

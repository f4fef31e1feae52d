using System.Text;
using System.Text.Json;

namespace Delivery.Core.Pipelines.Config;

/// <summary>
/// Reads JSON text (Marathon app templates) into a <see cref="ConfigNode"/> tree that remembers line and column of
/// every value, which <see cref="JsonDocument"/> forgets. Syntax errors become one <see cref="ConfigError"/> at the
/// place the parser stopped.
/// </summary>
public static class JsonConfigReader
{
    public static ConfigNode? Read(string text, string file, ConfigErrors errors)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new LineMap(bytes, file);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                errors.Add(new SourceSpan(file, 1, 1), "the file is empty", "a JSON object");
                return null;
            }
            var root = ReadValue(ref reader, lines);
            if (reader.Read())
                errors.Add(lines.At(reader.TokenStartIndex), "more JSON after the end of the document", "a single JSON value");
            return root;
        }
        catch (JsonException ex)
        {
            // LineNumber and BytePositionInLine are 0-based.
            var span = new SourceSpan(file, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1);
            errors.Add(span, $"invalid JSON ({FirstSentence(ex.Message)})", "well-formed JSON");
            return null;
        }
    }

    private static ConfigNode ReadValue(ref Utf8JsonReader reader, LineMap lines)
    {
        var span = lines.At(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<ConfigEntry>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = new ConfigScalar(lines.At(reader.TokenStartIndex), reader.GetString()!, true);
                    reader.Read();
                    entries.Add(new ConfigEntry(key, ReadValue(ref reader, lines)));
                }
                return new ConfigMapping(span, entries);
            case JsonTokenType.StartArray:
                var items = new List<ConfigNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, lines));
                return new ConfigSequence(span, items);
            case JsonTokenType.String:
                return new ConfigScalar(span, reader.GetString()!, true);
            default:
                // Numbers, true, false and null keep their literal text, unquoted, as YAML plain scalars do.
                return new ConfigScalar(span, Encoding.UTF8.GetString(reader.ValueSpan), false);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    /// <summary>Turns byte offsets into 1-based line and character column.</summary>
    private sealed class LineMap(byte[] bytes, string file)
    {
        private readonly int[] _starts = FindStarts(bytes);

        public SourceSpan At(long offset)
        {
            var index = Array.BinarySearch(_starts, (int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var column = Encoding.UTF8.GetCharCount(bytes, _starts[line], (int)offset - _starts[line]) + 1;
            return new SourceSpan(file, line + 1, column);
        }

        private static int[] FindStarts(byte[] bytes)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < bytes.Length; i++)
                if (bytes[i] == (byte)'\n') starts.Add(i + 1);
            return [.. starts];
        }
    }
}

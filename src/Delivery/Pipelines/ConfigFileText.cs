using System.Text;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Pipelines;

/// <summary>
/// Reads a configuration file's text within bounds: a pipeline is a few kilobytes, so a file over
/// <see cref="MaxBytes"/> is a mistake (a log or a binary dropped into <c>pipelines/</c>), reported before it is parsed;
/// and text that is not UTF-8 is named at its first bad byte instead of being read as replacement characters.
/// </summary>
public static class ConfigFileText
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="path">The file on disk.</param>
    /// <param name="file">Its path as errors show it, relative to the repository root.</param>
    /// <returns>The text, or null when an error was added.</returns>
    public static string? Read(string path, string file, ConfigErrors errors)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length > MaxBytes)
        {
            errors.Add(new SourceSpan(file, 1, 1), $"the file is {stream.Length / 1024.0 / 1024.0:0.0} MiB", $"a file under {MaxBytes / 1024 / 1024} MiB");
            return null;
        }
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        try
        {
            var text = Strict.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException ex)
        {
            var at = ex.Index >= 0 ? ex.Index : 0;
            var (line, column) = Position(bytes, at);
            errors.Add(new SourceSpan(file, line, column), $"a byte that is not UTF-8 (0x{bytes[Math.Min(at, bytes.Length - 1)]:X2})", "UTF-8 text");
            return null;
        }
    }

    /// <summary>Line and column (1-based, counting characters) of the byte at <paramref name="index"/>.</summary>
    private static (int Line, int Column) Position(byte[] bytes, int index)
    {
        int line = 1, column = 1;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n') { line++; column = 1; }
            else if ((bytes[i] & 0xC0) != 0x80) column++; // continuation bytes belong to the character before
        }
        return (line, column);
    }
}

namespace Delivery.Runner.Output;

/// <summary>
/// The single way out for text: secrets are masked on every line, whatever produced it, and ANSI colours
/// are used only when the host allows them (a terminal, NO_COLOR unset).
/// </summary>
internal sealed class BuildConsole(TextWriter writer, bool useColor, SecretRedactor secrets)
{
    public void WriteLine(string text = "", ConsoleColor? color = null)
    {
        text = secrets.Redact(text).TrimEnd();
        writer.WriteLine(useColor && color is { } c && text.Length > 0 ? $"\u001b[{Code(c)}m{text}\u001b[0m" : text);
    }

    public void Flush() => writer.Flush();

    static int Code(ConsoleColor color) => color switch
    {
        ConsoleColor.Red => 31,
        ConsoleColor.Green => 32,
        ConsoleColor.Yellow => 33,
        ConsoleColor.Cyan => 36,
        ConsoleColor.DarkGray => 90,
        _ => 39,
    };
}

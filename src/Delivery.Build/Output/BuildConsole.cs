namespace Delivery.Build.Output;

/// <summary>The output writer, with ANSI colours only when the host allows them (a terminal, NO_COLOR unset).</summary>
internal sealed class BuildConsole(TextWriter writer, bool useColor)
{
    public void WriteLine(string text = "", ConsoleColor? color = null) =>
        writer.WriteLine(useColor && color is { } c && text.Length > 0 ? $"\u001b[{Code(c)}m{text}\u001b[0m" : text);

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

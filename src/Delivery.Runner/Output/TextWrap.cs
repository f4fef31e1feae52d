namespace Delivery.Runner.Output;

/// <summary>Word-wraps help text so lines stay near 90 columns.</summary>
internal static class TextWrap
{
    public const int Width = 90;

    public static IEnumerable<string> Lines(string text, int width)
    {
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line;
                line = word;
            }
            else
                line = line.Length == 0 ? word : line + " " + word;
        }
        if (line.Length > 0)
            yield return line;
    }
}

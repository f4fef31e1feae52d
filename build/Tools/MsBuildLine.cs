using System.Text.RegularExpressions;

/// <summary>
/// Reads MSBuild's canonical diagnostic lines (<c>src/A.cs(12,5): error CS1002: ; expected [src/A.csproj]</c>),
/// so that compiler errors and warnings reach the build's "Errors &amp; Warnings" instead of passing as plain output.
/// </summary>
static partial class MsBuildLine
{
    public enum Level { Other, Warning, Error }

    /// <summary>The line's level and its text without the trailing <c>[project]</c> and with paths relative to <paramref name="root"/>.</summary>
    public static (Level Level, string Text) Read(string line, string root)
    {
        var match = Diagnostic().Match(line);
        if (!match.Success)
            return (Level.Other, line);
        var level = match.Groups["level"].Value == "error" ? Level.Error : Level.Warning;
        var text = match.Groups["text"].Value.Trim().Replace(root.TrimEnd('/') + "/", "", StringComparison.Ordinal);
        return (level, text);
    }

    // origin: (error|warning) CODE: message [project] — the format every MSBuild logger and tool task writes.
    [GeneratedRegex(@"^\s*(?<text>(.*?:\s+)?(?<level>error|warning)(\s+[A-Za-z]+\d+)?\s*:.*?)(\s+\[[^\]]+\])?\s*$")]
    private static partial Regex Diagnostic();
}

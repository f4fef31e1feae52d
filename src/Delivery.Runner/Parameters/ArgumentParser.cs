namespace Delivery.Runner.Parameters;

/// <summary>
/// Splits the command line into positional tokens (target names) and options. An option's values are the
/// tokens up to the next option; the last occurrence of an option wins; <c>--name=value</c> also works.
/// A flag takes at most one true/false token, so <c>--plan Deploy</c> plans Deploy.
/// </summary>
internal static class ArgumentParser
{
    static readonly string[] BoolLiterals = ["true", "false", "1", "0", "yes", "no", "on", "off"];

    /// <param name="args">The command line.</param>
    /// <param name="isFlag">Whether an option key (see <see cref="Key"/>) is a bool flag.</param>
    public static ParsedArguments Parse(IReadOnlyList<string> args, Func<string, bool>? isFlag = null)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, ParsedOption>();
        ParsedOption? current = null;
        foreach (var token in args)
        {
            if (IsOption(token))
            {
                var (spelling, inline) = Split(token);
                current = new ParsedOption(spelling, []);
                options[Key(spelling)] = current;
                if (inline is not null)
                    current.Values.Add(inline);
                if (isFlag?.Invoke(Key(spelling)) == true && inline is not null)
                    current = null;
            }
            else if (current is not null && isFlag?.Invoke(Key(current.Spelling)) == true && !IsBoolLiteral(token))
            {
                current = null;
                positional.Add(token);
            }
            else if (current is not null)
            {
                current.Values.Add(token);
                if (isFlag?.Invoke(Key(current.Spelling)) == true)
                    current = null;
            }
            else
                positional.Add(token);
        }
        return new ParsedArguments(positional, options);
    }

    /// <summary>The key an option is stored under: dashes stripped, lower case; <c>-h</c> is <c>help</c>.</summary>
    public static string Key(string spelling)
    {
        var key = ParameterNaming.Normalize(spelling);
        return key == "h" ? "help" : key;
    }

    static bool IsBoolLiteral(string token) => BoolLiterals.Contains(token.ToLowerInvariant());

    // "-5" and "-1.5" are values, not options.
    static bool IsOption(string token) =>
        token.Length > 1 && token[0] == '-' && (char.IsLetter(token[1]) || (token[1] == '-' && token.Length > 2 && char.IsLetter(token[2])));

    static (string Spelling, string? Inline) Split(string token)
    {
        var equals = token.IndexOf('=');
        return equals > 0 ? (token[..equals], token[(equals + 1)..]) : (token, null);
    }
}

/// <summary>An option as typed (for messages) and its value tokens.</summary>
internal sealed record ParsedOption(string Spelling, List<string> Values);

/// <summary>The command line, split.</summary>
internal sealed record ParsedArguments(IReadOnlyList<string> Positional, IReadOnlyDictionary<string, ParsedOption> Options)
{
    public ParsedOption? Option(string name) => Options.GetValueOrDefault(ArgumentParser.Key(name));
    public bool Has(string name) => Options.ContainsKey(ArgumentParser.Key(name));

    /// <summary>A flag is set when present without a value or with a true value.</summary>
    public bool Flag(string name) =>
        Option(name) is { } option && (option.Values.Count == 0 || option.Values[^1].ToLowerInvariant() is "true" or "1" or "yes" or "on");
}

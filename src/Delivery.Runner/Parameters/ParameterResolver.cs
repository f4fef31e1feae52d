using Delivery.Runner.Output;

namespace Delivery.Runner.Parameters;

/// <summary>
/// Sets every [Parameter] member from the first source that has a value: the command line, then the
/// environment, then the parameters files. A member no source mentions keeps its initialiser.
/// </summary>
internal sealed class ParameterResolver(
    ParsedArguments arguments,
    IReadOnlyDictionary<string, string> environment,
    AbsolutePath root,
    IReadOnlyList<string> profiles,
    IBuildLog log,
    SecretRedactor secrets)
{
    public const string Precedence =
        "Values are taken from the command line first, then environment variables (NAME or NUKE_NAME, any case, "
        + "'_' ignored), then .nuke/parameters.json (or .nuke/parameters.<profile>.json with --profile).";

    const string CommandLine = "the command line";

    public void Inject(BuildProgram build, IReadOnlyList<ParameterMember> members)
    {
        var files = ParametersFiles.Read(root, profiles);
        var origins = new List<string>();
        foreach (var member in members)
        {
            if (Find(member, files) is not { } found)
                continue;
            // `--app Deploy` would read Deploy as the value; a bare `--app` at the end has none.
            if (found.Tokens.Count == 0 && !ValueConverter.AcceptsNoValue(member.Type))
                throw new BuildException($"Parameter '{member.CliName}' is missing a value {(found.Source == CommandLine ? "on" : "in")} {found.Source}; it expects {ValueConverter.Describe(member.Type)}.");
            object? value;
            try
            {
                value = ValueConverter.Convert(found.Tokens, member.Type, member.Separator, root);
            }
            catch (FormatException expected)
            {
                var shown = member.IsSecret ? "a value" : $"'{string.Join(" ", found.Tokens)}'";
                throw new BuildException($"Parameter '{member.CliName}' got {shown} from {found.Source}, but expects {expected.Message}.");
            }
            member.SetValue(build, value);
            origins.Add($"Parameter '{member.CliName}' = {(member.IsSecret ? SecretRedactor.Mask : string.Join(" ", found.Tokens))} (from {found.Source})");
        }

        // Every secret is known before the first line is written, so no line can slip through unmasked.
        foreach (var member in members.Where(x => x.IsSecret))
            RegisterSecret(member.GetValue(build));
        origins.ForEach(log.Debug);
        WarnAboutUnknownKeys(files, members);
    }

    // A misspelt key in parameters.json would otherwise be ignored without a word.
    void WarnAboutUnknownKeys(Dictionary<string, FileValue> files, IReadOnlyList<ParameterMember> members)
    {
        var known = members.Select(x => ParameterNaming.Normalize(x.Name)).ToHashSet();
        foreach (var (key, value) in files.Where(x => !known.Contains(x.Key)))
            log.Warning($"'{value.File}' sets '{value.Key}', which is not a parameter of this build.");
    }

    (List<string> Tokens, string Source)? Find(ParameterMember member, Dictionary<string, FileValue> files)
    {
        var key = ParameterNaming.Normalize(member.Name);
        if (arguments.Options.GetValueOrDefault(key) is { } option)
            return (option.Values, CommandLine);
        if (FromEnvironment(member) is { } variable)
            return (TextTokens(environment[variable], member), $"environment variable '{variable}'");
        if (files.GetValueOrDefault(key) is { } file)
            return (file.Tokens, $"'{file.File}'");
        return null;
    }

    // Exact member name first; otherwise any variable equal to NAME or NUKE_NAME once case and
    // non-alphanumerics are ignored. Two different variables matching is ambiguous: warn and ignore both.
    string? FromEnvironment(ParameterMember member)
    {
        if (environment.TryGetValue(member.Name, out var exact) && exact.Length > 0)
            return member.Name;
        var key = ParameterNaming.Normalize(member.Name);
        var matches = environment
            .Where(x => x.Value.Length > 0)
            .Select(x => x.Key)
            .Where(x => ParameterNaming.Normalize(x) is var n && (n == key || n == "nuke" + key))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (matches.Count > 1)
        {
            log.Warning($"Parameter '{member.CliName}' is ignored from the environment: {string.Join(", ", matches)} all match it.");
            return null;
        }
        return matches.SingleOrDefault();
    }

    // An environment variable is one string; arrays without a separator split it on whitespace.
    static List<string> TextTokens(string text, ParameterMember member) =>
        member.Type.IsArray && member.Separator == '\0'
            ? text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList()
            : [text];

    void RegisterSecret(object? value)
    {
        switch (value)
        {
            case string text:
                secrets.Add(text);
                break;
            case System.Collections.IEnumerable items:
                foreach (var item in items)
                    secrets.Add(item?.ToString());
                break;
            case not null:
                secrets.Add(value.ToString());
                break;
        }
    }
}

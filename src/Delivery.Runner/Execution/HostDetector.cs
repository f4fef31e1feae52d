using Delivery.Runner.Parameters;

namespace Delivery.Runner.Execution;

/// <summary>Chooses the <see cref="Host"/>: <c>--host</c> when given, else the variables each CI server sets.</summary>
internal static class HostDetector
{
    public static Host Detect(ParsedArguments arguments, IReadOnlyDictionary<string, string> environment)
    {
        if (arguments.Option("host") is { } option)
        {
            var names = Enum.GetNames<Host>();
            return option.Values.Count == 1 && names.FirstOrDefault(x => ParameterNaming.Normalize(x) == ParameterNaming.Normalize(option.Values[0])) is { } name
                ? Enum.Parse<Host>(name)
                : throw new BuildException(option.Values.Count == 0
                    ? $"Parameter '--host' is missing a value; it expects one of {string.Join(", ", names)}."
                    : $"Parameter '--host' got '{string.Join(" ", option.Values)}', but expects one of {string.Join(", ", names)}.");
        }
        return FromEnvironment(environment);
    }

    public static Host FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        if (IsTrue(environment, "GITHUB_ACTIONS"))
            return Host.GitHubActions;
        if (IsTrue(environment, "GITLAB_CI"))
            return Host.GitLab;
        return IsTrue(environment, "CI") ? Host.Server : Host.Terminal;
    }

    static bool IsTrue(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && value.Trim().ToLowerInvariant() is "true" or "1";
}

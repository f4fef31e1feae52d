using Delivery.Runner.Parameters;

namespace Delivery.Runner.Execution;

/// <summary>Chooses the <see cref="Host"/>: <c>--host</c> when given, else the variables each CI server sets.</summary>
internal static class HostDetector
{
    /// <returns>The host, and a message when <c>--host</c> names none (then the host the environment gives, so
    /// that the build object can still be made and choose the exit code of the mistake).</returns>
    public static (Host Host, string? Error) Detect(ParsedArguments arguments, IReadOnlyDictionary<string, string> environment)
    {
        if (arguments.Option("host") is not { } option)
            return (FromEnvironment(environment), null);
        var names = Enum.GetNames<Host>();
        if (option.Values.Count == 1 && names.FirstOrDefault(x => ParameterNaming.Normalize(x) == ParameterNaming.Normalize(option.Values[0])) is { } name)
            return (Enum.Parse<Host>(name), null);
        return (FromEnvironment(environment), option.Values.Count == 0
            ? $"Parameter '--host' is missing a value; it expects one of {string.Join(", ", names)}."
            : $"Parameter '--host' got '{string.Join(" ", option.Values)}', but expects one of {string.Join(", ", names)}.");
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

namespace Delivery.Runner.Parameters;

/// <summary>The options every build understands, as in NUKE.</summary>
internal static class BuiltInOptions
{
    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        ("continue", "Skips the targets that succeeded in the previous attempt, if it was invoked the same way."),
        ("generate-configuration", "Writes the CI files the build class declares ([GitHubActions], [GitLabCI]) and exits; local builds also rewrite them when out of date."),
        ("help", "Shows the targets and parameters (also -h)."),
        ("host", "Where the build runs: Terminal, GitHubActions, GitLab or Server; by default detected from GITHUB_ACTIONS, GITLAB_CI and CI."),
        ("json", "Targets print machine-readable JSON on standard output; everything else (log, summary) goes to standard error."),
        ("no-logo", "Leaves out the logo."),
        ("plan", "Shows the targets that would run, in order, and which would be skipped and why; runs nothing."),
        ("profile", "Reads .nuke/parameters.<profile>.json over .nuke/parameters.json; later profiles win."),
        ("root", "The root directory; by default the nearest ancestor of the working directory with a .nuke/ folder."),
        ("skip", "Skips the given targets, but never one invoked by name; without names, every target that was not invoked."),
        ("strict", "Fails when the order of two planned targets is not declared (DependsOn, Before, After, Triggers) but left to declaration order."),
        ("target", "The targets to run; names may also be given first, separated by spaces or '+'."),
        ("verbosity", "quiet, minimal, normal (the default) or verbose; verbose also shows stack traces."),
    ];

    static readonly string[] Flags = ["continue", "generateConfiguration", "help", "h", "json", "noLogo", "plan", "strict"];

    /// <summary>Built-in options that are bool flags.</summary>
    public static bool IsFlag(string key) => Flags.Any(x => ParameterNaming.Normalize(x) == key);

    public static bool Contains(string key) => key == "h" || All.Any(x => ParameterNaming.Normalize(x.Name) == key);
}

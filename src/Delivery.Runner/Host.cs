namespace Delivery.Runner;

/// <summary>
/// Where the build runs, as NUKE's <c>--host</c>: a person's terminal or a CI server. Detected from the
/// environment the servers set, or chosen with <c>--host</c> (e.g. to try a CI-only branch locally).
/// </summary>
public enum Host
{
    /// <summary>A person's terminal: no CI variable is set.</summary>
    Terminal,

    /// <summary>GitHub Actions (GITHUB_ACTIONS=true).</summary>
    GitHubActions,

    /// <summary>GitLab CI (GITLAB_CI=true).</summary>
    GitLab,

    /// <summary>Another CI server (CI=true or CI=1).</summary>
    Server,
}

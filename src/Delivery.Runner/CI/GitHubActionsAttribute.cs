using System.Runtime.CompilerServices;

namespace Delivery.Runner.CI;

public enum GitHubActionsTrigger { Push, PullRequest, WorkflowDispatch }

public enum GitHubActionsPermission { Actions, Checks, Contents, Deployments, IdToken, Issues, Packages, PullRequests, Statuses }

/// <summary>
/// Declares a GitHub Actions workflow, written to <c>.github/workflows/&lt;name&gt;.yml</c> (NUKE's [GitHubActions]):
/// <code>[GitHubActions("test", "ubuntu-latest", On = [GitHubActionsTrigger.PullRequest], InvokedTargets = [nameof(Test)])]</code>
/// Inputs of a manual run reach the build as environment variables named like the input (<c>APP</c> for <c>app</c>),
/// which the build reads as parameters: an input is never spliced into a shell command.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class GitHubActionsAttribute(string name, string runsOn, [CallerFilePath] string sourceFile = "")
    : CIConfigurationAttribute(name, sourceFile)
{
    /// <summary>The runner label (<c>runs-on</c>), e.g. <c>ubuntu-latest</c>.</summary>
    public string RunsOn { get; } = runsOn;

    public GitHubActionsTrigger[] On { get; set; } = [];

    /// <summary>Branches a push must be to; empty: every branch. Implies <see cref="GitHubActionsTrigger.Push"/>.</summary>
    public string[] OnPushBranches { get; set; } = [];

    /// <summary>Target branches of pull requests; empty: every branch.</summary>
    public string[] OnPullRequestBranches { get; set; } = [];

    /// <summary>Inputs a manual run must be given (parameter names, CLI spelling without dashes); their help is the
    /// parameter's description. Implies <see cref="GitHubActionsTrigger.WorkflowDispatch"/>.</summary>
    public string[] OnWorkflowDispatchRequiredInputs { get; set; } = [];

    public string[] OnWorkflowDispatchOptionalInputs { get; set; } = [];

    /// <summary>A cron schedule (UTC, five fields, as NUKE's <c>OnCronSchedule</c>), e.g. <c>*/5 * * * *</c>.</summary>
    public string? OnCronSchedule { get; set; }

    /// <summary>Repository secrets passed to the build step as environment variables of the same name.</summary>
    public string[] ImportSecrets { get; set; } = [];

    /// <summary>The job's concurrency group; <c>{parameter}</c> is the job's <see cref="CIConfigurationAttribute.JobPerFile"/> value.</summary>
    public string? ConcurrencyGroup { get; set; }

    /// <summary>False: a new run waits for the one in progress (and replaces a run still pending in the group).</summary>
    public bool ConcurrencyCancelInProgress { get; set; }

    /// <summary>The .NET SDK to install (<c>actions/setup-dotnet</c>), e.g. <c>10.0.x</c>; none when null.</summary>
    public string? DotNetVersion { get; set; }

    public GitHubActionsPermission[] ReadPermissions { get; set; } = [];

    /// <summary>Write permissions of the token; <see cref="GitHubActionsPermission.IdToken"/> is added when
    /// <see cref="CIConfigurationAttribute.AwsRoleToAssume"/> is set (OIDC needs it).</summary>
    public GitHubActionsPermission[] WritePermissions { get; set; } = [];

    public int TimeoutMinutes { get; set; }

    /// <summary>The workflow file relative to the root.</summary>
    public string FilePath => $".github/workflows/{Name}.yml";
}

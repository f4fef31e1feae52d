using System.Runtime.CompilerServices;

namespace Delivery.Runner.CI;

/// <summary>What starts a job's pipeline. <see cref="Schedule"/>: a pipeline schedule set in the project (CI/CD → Schedules).</summary>
public enum GitLabCITrigger { Push, MergeRequest, Web, Schedule }

/// <summary>
/// Declares jobs of <c>.gitlab-ci.yml</c>; every [GitLabCI] of the build class goes into that one file, each job free
/// of the others (<c>needs: []</c>), as each GitHub workflow is.
/// <code>[GitLabCI("test", Image = "mcr.microsoft.com/dotnet/sdk:10.0", On = [GitLabCITrigger.MergeRequest], InvokedTargets = [nameof(Test)])]</code>
/// Variables of a manual (web) pipeline are pipeline variables named like the parameter (<c>APP</c> for <c>app</c>),
/// prefilled empty and described in the "Run pipeline" form; the build reads them as parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class GitLabCIAttribute(string name, [CallerFilePath] string sourceFile = "")
    : CIConfigurationAttribute(name, sourceFile)
{
    public const string FilePath = ".gitlab-ci.yml";

    public string? Image { get; set; }

    /// <summary>The stage; jobs do not wait for earlier stages (<c>needs: []</c>), so it only groups them in the UI.</summary>
    public string Stage { get; set; } = "test";

    public GitLabCITrigger[] On { get; set; } = [];

    /// <summary>Branches a push must be to; empty: every branch. Implies <see cref="GitLabCITrigger.Push"/>.</summary>
    public string[] OnPushBranches { get; set; } = [];

    /// <summary>Pipeline variables a web pipeline must be given for this job to run (parameter names, CLI spelling
    /// without dashes). Implies <see cref="GitLabCITrigger.Web"/>.</summary>
    public string[] OnWebRequiredVariables { get; set; } = [];

    public string[] OnWebOptionalVariables { get; set; } = [];

    /// <summary>GitLab's mutual exclusion: one job of the group runs at a time, the others wait, none is cancelled.
    /// <c>{parameter}</c> is the job's <see cref="CIConfigurationAttribute.JobPerFile"/> value.</summary>
    public string? ResourceGroup { get; set; }

    /// <summary>Commands before the script, e.g. installing the AWS CLI that <see cref="CIConfigurationAttribute.AwsRoleToAssume"/> uses.</summary>
    public string[] BeforeScript { get; set; } = [];

    /// <summary>The audience of the OIDC token, as configured on the AWS identity provider.</summary>
    public string OidcAudience { get; set; } = "https://gitlab.com";

    public int TimeoutMinutes { get; set; }
}

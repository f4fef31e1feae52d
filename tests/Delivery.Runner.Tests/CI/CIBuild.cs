using Delivery.Runner.CI;
using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.CI;

/// <summary>A build that declares every kind of CI configuration, shaped like Delivery's own build/Build.CI.cs.</summary>
[GitHubActions("deploy", "ubuntu-latest",
    OnPushBranches = ["main"],
    InvokedTargets = [nameof(Deploy)],
    Arguments = "--environment production --report out/{app}.json",
    JobPerFile = "pipelines/*.yaml", JobParameter = "app",
    ConcurrencyGroup = "deploy-{app}",
    FetchDepth = 0,
    AwsRoleToAssume = "${{ vars.ROLE }}", AwsRegion = "eu-west-1",
    ImportSecrets = ["MARATHON_PASSWORD"],
    PublishArtifacts = ["out/"])]
[GitHubActions("rollback", "ubuntu-latest",
    OnWorkflowDispatchRequiredInputs = ["app"], OnWorkflowDispatchOptionalInputs = ["to"],
    InvokedTargets = [nameof(Rollback)],
    ConcurrencyGroup = "rollback-${{ inputs.app }}",
    Comment = "Rollbacks have a group of their own.")]
[GitHubActions("test", "ubuntu-latest",
    On = [GitHubActionsTrigger.Push, GitHubActionsTrigger.PullRequest],
    InvokedTargets = [nameof(Default)])]
[GitLabCI("deploy",
    Image = "dotnet-sdk", Stage = "deploy",
    OnPushBranches = ["main"],
    InvokedTargets = [nameof(Deploy)],
    Arguments = "--environment production",
    JobPerFile = "pipelines/*.yaml", JobParameter = "app",
    ResourceGroup = "deploy-{app}",
    FetchDepth = 0,
    AwsRoleToAssume = "$ROLE", AwsRegion = "eu-west-1",
    PublishArtifacts = ["out/"])]
[GitLabCI("rollback",
    Stage = "deploy",
    OnWebRequiredVariables = ["app"], OnWebOptionalVariables = ["to"],
    InvokedTargets = [nameof(Rollback)],
    ResourceGroup = "rollback-$APP")]
[GitLabCI("test",
    On = [GitLabCITrigger.Push, GitLabCITrigger.MergeRequest],
    InvokedTargets = [nameof(Default)])]
internal sealed class CIBuild : TestBuild
{
    [Parameter("The pipeline to act on.")]
    readonly string? App;

    [Parameter("The release to restore.")]
    readonly string? To;

    public Target Default => _ => _.Executes(() => Ran.Add(nameof(Default)));
    public Target Deploy => _ => _.Executes(() => Ran.Add(nameof(Deploy)));
    public Target Rollback => _ => _.Executes(() => Ran.Add(nameof(Rollback)));

    /// <summary>A root with two pipelines, and files beside and below them that must not become jobs.</summary>
    public static TemporaryRoot Root()
    {
        var root = new TemporaryRoot();
        root.Write("pipelines/lobby.yaml", "");
        root.Write("pipelines/arena.yaml", "");
        root.Write("pipelines/README.md", "");
        root.Write("pipelines/environments/production.yaml", "");
        return root;
    }
}

/// <summary>A build with one workflow and no file-driven jobs, for the runner's --generate-configuration.</summary>
[GitHubActions("test", "ubuntu-latest", On = [GitHubActionsTrigger.Push], InvokedTargets = [nameof(Default)])]
[GitLabCI("test", On = [GitLabCITrigger.Push], InvokedTargets = [nameof(Default)])]
internal sealed class SmallCIBuild : TestBuild
{
    public Target Default => _ => _.Executes(() => Ran.Add(nameof(Default)));
}

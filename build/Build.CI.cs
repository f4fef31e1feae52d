using Delivery.Runner.CI;

// The CI workflows, generated from these attributes by ./build.sh --generate-configuration (a local build warns when
// they are out of date). A test in tests/Delivery.Runner.Tests/CI fails when the checked-in files
// differ, e.g. after adding pipelines/<name>.yaml, which adds that pipeline's deploy job. How to wire them: docs/ci.md.

[GitHubActions("test", "ubuntu-latest",
    On = [GitHubActionsTrigger.Push, GitHubActionsTrigger.PullRequest],
    InvokedTargets = [nameof(Test)],
    FetchDepth = 0,
    DotNetVersion = DotNetSdk,
    ConcurrencyGroup = "test-${{ github.ref }}",
    // A newer push to the same branch makes an unfinished test run pointless.
    ConcurrencyCancelInProgress = true,
    PublishArtifacts = [".nuke/temp/test-results/"])]

[GitHubActions("deploy", "ubuntu-latest",
    OnPushBranches = ["main"],
    InvokedTargets = [nameof(Deploy)],
    Arguments = "--environment production --report .nuke/temp/ci/deploy-{app}.json",
    JobPerFile = "pipelines/*.yaml", JobParameter = "app",
    ConcurrencyGroup = "deploy-production-{app}",
    ConcurrencyCancelInProgress = false,
    Comment = DeployComment,
    FetchDepth = 0,
    DotNetVersion = DotNetSdk,
    AwsRoleToAssume = "${{ vars.AWS_DEPLOY_ROLE_ARN }}", AwsRegion = AwsRegion,
    ImportSecrets = ["MARATHON_USERNAME", "MARATHON_PASSWORD", "SLACK_DEPLOYS_URL", "DEPLOY_EVENTS_URL"],
    PublishArtifacts = [".nuke/temp/ci/"])]

[GitHubActions("rollback", "ubuntu-latest",
    OnWorkflowDispatchRequiredInputs = ["app"],
    OnWorkflowDispatchOptionalInputs = ["to"],
    InvokedTargets = [nameof(Rollback)],
    Arguments = "--environment production --report .nuke/temp/ci/rollback.json",
    ConcurrencyGroup = "rollback-production-${{ inputs.app }}",
    ConcurrencyCancelInProgress = false,
    Comment = RollbackComment,
    FetchDepth = 0,
    DotNetVersion = DotNetSdk,
    AwsRoleToAssume = "${{ vars.AWS_DEPLOY_ROLE_ARN }}", AwsRegion = AwsRegion,
    ImportSecrets = ["MARATHON_USERNAME", "MARATHON_PASSWORD", "SLACK_DEPLOYS_URL", "DEPLOY_EVENTS_URL"],
    PublishArtifacts = [".nuke/temp/ci/"])]

[GitHubActions("reconcile", "ubuntu-latest",
    OnCronSchedule = "*/5 * * * *",
    InvokedTargets = [nameof(Reconcile)],
    Arguments = "--environment production --report .nuke/temp/ci/reconcile.json",
    ConcurrencyGroup = "reconcile-production",
    ConcurrencyCancelInProgress = false,
    Comment = ReconcileComment,
    FetchDepth = 0,
    DotNetVersion = DotNetSdk,
    AwsRoleToAssume = "${{ vars.AWS_DEPLOY_ROLE_ARN }}", AwsRegion = AwsRegion,
    ImportSecrets = ["MARATHON_USERNAME", "MARATHON_PASSWORD", "SLACK_DEPLOYS_URL", "DEPLOY_EVENTS_URL"],
    PublishArtifacts = [".nuke/temp/ci/"])]

[GitLabCI("test",
    Image = GitLabImage, Stage = "test",
    On = [GitLabCITrigger.Push, GitLabCITrigger.MergeRequest],
    InvokedTargets = [nameof(Test)],
    FetchDepth = 0,
    PublishArtifacts = [".nuke/temp/test-results/"])]

[GitLabCI("deploy",
    Image = GitLabImage, Stage = "deploy",
    OnPushBranches = ["main"],
    InvokedTargets = [nameof(Deploy)],
    Arguments = "--environment production --report .nuke/temp/ci/deploy-{app}.json",
    JobPerFile = "pipelines/*.yaml", JobParameter = "app",
    ResourceGroup = "deploy-production-{app}",
    Comment = DeployComment,
    FetchDepth = 0,
    AwsRoleToAssume = "$AWS_DEPLOY_ROLE_ARN", AwsRegion = AwsRegion,
    BeforeScript = [InstallAwsCli],
    PublishArtifacts = [".nuke/temp/ci/"])]

[GitLabCI("rollback",
    Image = GitLabImage, Stage = "deploy",
    OnWebRequiredVariables = ["app"],
    OnWebOptionalVariables = ["to"],
    InvokedTargets = [nameof(Rollback)],
    Arguments = "--environment production --report .nuke/temp/ci/rollback.json",
    ResourceGroup = "rollback-production-$APP",
    Comment = RollbackComment,
    FetchDepth = 0,
    AwsRoleToAssume = "$AWS_DEPLOY_ROLE_ARN", AwsRegion = AwsRegion,
    BeforeScript = [InstallAwsCli],
    PublishArtifacts = [".nuke/temp/ci/"])]
[GitLabCI("reconcile",
    Image = GitLabImage, Stage = "deploy",
    On = [GitLabCITrigger.Schedule],
    InvokedTargets = [nameof(Reconcile)],
    Arguments = "--environment production --report .nuke/temp/ci/reconcile.json",
    ResourceGroup = "reconcile-production",
    Comment = ReconcileComment,
    FetchDepth = 0,
    AwsRoleToAssume = "$AWS_DEPLOY_ROLE_ARN", AwsRegion = AwsRegion,
    BeforeScript = [InstallAwsCli],
    PublishArtifacts = [".nuke/temp/ci/"])]
partial class Build
{
    const string DotNetSdk = "10.0.x";
    const string GitLabImage = "mcr.microsoft.com/dotnet/sdk:10.0";
    // pipelines/environments/production.yaml: ecr.region.
    const string AwsRegion = "eu-west-1";
    // The .NET SDK image is Debian: the AWS CLI that exchanges GitLab's OIDC token comes from Debian.
    const string InstallAwsCli = "command -v aws >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends awscli >/dev/null)";

    const string DeployComment =
        "One job per pipelines/<app>.yaml, each in its own concurrency group that never cancels a run in progress:\n" +
        "a deploy stopped half-way leaves a canary for the next run to clean up. Deploys of different pipelines run\n" +
        "side by side. A second push waits for the deploy in progress (instead of timing out on the engine's lease), and a\n" +
        "third replaces the second while it waits: the newest commit is the one deployed next.";

    const string ReconcileComment =
        "Every few minutes: runs whose holder is gone (a cancelled job, a lost runner) are taken over and finished, and\n" +
        "runs paused past their pause step's timeout get its onTimeout. Idempotent; one at a time (its own group), and safe\n" +
        "beside deploys and rollbacks, which it never interrupts (it waits out a held lease, then leaves a live run alone).\n" +
        "GitLab: add a pipeline schedule (CI/CD > Schedules, */5 * * * *) for the reconcile job to run.";

    const string RollbackComment =
        "A rollback has a group of its own, not its pipeline's deploy group: in that group it would wait behind a long\n" +
        "deploy (canary analysis can take many minutes) during an incident, and a deploy queued after it would replace it\n" +
        "while it waits (a group keeps one pending run). Running beside a deploy is safe: the engine's lease lets a\n" +
        "Rollback take over from a Deploy at once, and a Deploy never takes it from a Rollback. Two rollbacks of one app\n" +
        "queue (a Rollback is idempotent). Inputs reach ./build.sh as the environment variables APP and TO.";
}

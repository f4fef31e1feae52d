using Delivery.Runner.CI;
using YamlDotNet.RepresentationModel;

namespace Delivery.Runner.Tests.CI;

public sealed class GitLabCIWriterTests
{
    static YamlMappingNode Document()
    {
        using var root = CIBuild.Root();
        return Yaml.Parse(CIConfigurations.Generate(typeof(CIBuild), root.Path).Single(x => x.Path == ".gitlab-ci.yml").Content);
    }

    [Fact]
    public void AllJobsInOneFile_StagesInGitLabsOrder()
    {
        var document = Document();

        Assert.Equal(["stages", "variables", "deploy-arena", "deploy-lobby", "rollback", "test"], document.Children.Keys.Select(x => x.ToString()));
        Assert.Equal(["test", "deploy"], Yaml.Seq(document, "stages").Children.Select(x => x.ToString()));
    }

    [Fact]
    public void Deploy_ResourceGroupPerPipeline_FullHistory_ArtifactsAlways()
    {
        var job = Yaml.Map(Document(), "deploy-lobby");

        Assert.Equal("deploy-lobby", Yaml.Text(job, "resource_group"));
        Assert.Equal("0", Yaml.Text(Yaml.Map(job, "variables"), "GIT_DEPTH"));
        Assert.Equal("always", Yaml.Text(Yaml.Map(job, "artifacts"), "when"));
        Assert.Equal(["out/"], Yaml.Seq(Yaml.Map(job, "artifacts"), "paths").Children.Select(x => x.ToString()));
        Assert.Empty(Yaml.Seq(job, "needs").Children);
        Assert.Equal("$CI_PIPELINE_SOURCE == \"push\" && $CI_COMMIT_BRANCH == \"main\"",
            Yaml.Text((YamlMappingNode)Yaml.Seq(job, "rules").Children.Single(), "if"));
    }

    [Fact]
    public void Deploy_AwsRoleByOidcToken_ThenTheBuild()
    {
        var job = Yaml.Map(Document(), "deploy-lobby");
        var script = Yaml.Seq(job, "script").Children.Select(x => x.ToString()).ToList();

        Assert.Equal("https://gitlab.com", Yaml.Text(Yaml.Map(Yaml.Map(job, "id_tokens"), "AWS_ID_TOKEN"), "aud"));
        Assert.Contains("aws sts assume-role-with-web-identity --region eu-west-1 --role-arn \"$ROLE\"", script[0]);
        Assert.Contains("--web-identity-token \"$AWS_ID_TOKEN\"", script[0]);
        Assert.Equal("./build.sh Deploy --app lobby --environment production", script[1]);
    }

    [Fact]
    public void Rollback_RunsInAWebPipelineGivenApp_WithItsOwnResourceGroup()
    {
        var document = Document();
        var job = Yaml.Map(document, "rollback");

        Assert.Equal("$CI_PIPELINE_SOURCE == \"web\" && $APP", Yaml.Text((YamlMappingNode)Yaml.Seq(job, "rules").Children.Single(), "if"));
        Assert.Equal("rollback-$APP", Yaml.Text(job, "resource_group"));
        Assert.Equal(["./build.sh Rollback"], Yaml.Seq(job, "script").Children.Select(x => x.ToString()));
        var variables = Yaml.Map(document, "variables");
        Assert.Equal("", Yaml.Text(Yaml.Map(variables, "APP"), "value"));
        Assert.Equal("The pipeline to act on.", Yaml.Text(Yaml.Map(variables, "APP"), "description"));
        Assert.Equal("The release to restore.", Yaml.Text(Yaml.Map(variables, "TO"), "description"));
    }

    [Fact]
    public void Test_PushesAndMergeRequests()
    {
        var rules = Yaml.Seq(Yaml.Map(Document(), "test"), "rules").Children.Cast<YamlMappingNode>().Select(x => Yaml.Text(x, "if"));

        Assert.Equal(["$CI_PIPELINE_SOURCE == \"push\"", "$CI_PIPELINE_SOURCE == \"merge_request_event\""], rules);
    }

    [Fact]
    public void Generate_IsDeterministic()
    {
        using var root = CIBuild.Root();

        var first = CIConfigurations.Generate(typeof(CIBuild), root.Path);
        var second = CIConfigurations.Generate(typeof(CIBuild), root.Path);

        Assert.Equal(first, second);
        Assert.Equal([".github/workflows/deploy.yml", ".github/workflows/rollback.yml", ".github/workflows/test.yml", ".gitlab-ci.yml"],
            first.Select(x => x.Path));
        Assert.All(first, x => Assert.DoesNotContain('\r', x.Content));
    }

    [Fact]
    public void NoFileMatchingJobPerFile_FailsNamingThePattern()
    {
        using var root = new TemporaryRoot();
        root.Write("pipelines/README.md", "");

        var error = Assert.Throws<BuildException>(() => CIConfigurations.Generate(typeof(CIBuild), root.Path));

        Assert.Equal("CI configuration 'deploy': no file matches JobPerFile 'pipelines/*.yaml'.", error.Message);
    }
}

/// <summary>Delivery's own scheduled Reconcile, as checked in: a cron on GitHub, a pipeline schedule on GitLab.</summary>
public sealed class ScheduledReconcileTests
{
    [Fact]
    public void GitHub_ReconcileRunsEveryFiveMinutes_OneAtATime()
    {
        var workflow = Yaml.Parse(File.ReadAllText(Repository.Root / ".github" / "workflows" / "reconcile.yml"));

        var schedule = (YamlMappingNode)Yaml.Seq(Yaml.Map(workflow, "on"), "schedule").Children.Single();
        Assert.Equal("*/5 * * * *", Yaml.Text(schedule, "cron"));
        var job = Yaml.Map(Yaml.Map(workflow, "jobs"), "reconcile");
        Assert.Equal("false", Yaml.Text(Yaml.Map(job, "concurrency"), "cancel-in-progress"));
        Assert.Contains(Yaml.Seq(job, "steps").Children.Cast<YamlMappingNode>(),
            step => step.Children.TryGetValue(new YamlScalarNode("run"), out var run) && run.ToString().StartsWith("./build.sh Reconcile --environment production", StringComparison.Ordinal));
    }

    [Fact]
    public void GitLab_ReconcileRunsOnlyInScheduledPipelines()
    {
        var job = Yaml.Map(Yaml.Parse(File.ReadAllText(Repository.Root / ".gitlab-ci.yml")), "reconcile");

        Assert.Equal("$CI_PIPELINE_SOURCE == \"schedule\"", Yaml.Text((YamlMappingNode)Yaml.Seq(job, "rules").Children.Single(), "if"));
        Assert.Equal("reconcile-production", Yaml.Text(job, "resource_group"));
    }
}

using Delivery.Runner.CI;

namespace Delivery.Runner.Tests.CI;

/// <summary>The generated GitHub workflows pass real validators, and those validators do reject broken workflows.</summary>
public sealed class WorkflowValidationTests
{
    public static TheoryData<string> GitHubWorkflows() =>
        new(CIConfigurations.Generate(Repository.BuildType, Repository.Root).Select(x => x.Path).Where(x => x.StartsWith(".github/", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(GitHubWorkflows))]
    public void GeneratedWorkflow_PassesBothValidators(string path)
    {
        using var root = new TemporaryRoot();
        var file = root.Write("workflow.yml", CIConfigurations.Generate(Repository.BuildType, Repository.Root).Single(x => x.Path == path).Content);

        var (actionValidator, workflowParser) = WorkflowValidators.Validate(file);

        Assert.True(actionValidator.ExitCode == 0, $"@action-validator/cli rejected {path}: {actionValidator}");
        Assert.True(workflowParser.ExitCode == 0, $"@actions/workflow-parser rejected {path}: {workflowParser}");
    }

    [Fact]
    public void JobWithoutRunsOn_IsRejectedByBothValidators()
    {
        var (actionValidator, workflowParser) = ValidateText(
            "on: push\njobs:\n  build:\n    steps:\n      - run: ./build.sh Test\n");

        Assert.NotEqual(0, actionValidator.ExitCode);
        Assert.Contains("runs-on", actionValidator.Output);
        Assert.NotEqual(0, workflowParser.ExitCode);
        Assert.Contains("Required property is missing: runs-on", workflowParser.Output);
    }

    [Fact]
    public void UnknownKey_IsRejectedByBothValidators()
    {
        var (actionValidator, workflowParser) = ValidateText(
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    cancel-in-progess: false\n    steps:\n      - run: ./build.sh Test\n");

        Assert.NotEqual(0, actionValidator.ExitCode);
        Assert.Contains("cancel-in-progess", actionValidator.Output);
        Assert.NotEqual(0, workflowParser.ExitCode);
        Assert.Contains("Unexpected value 'cancel-in-progess'", workflowParser.Output);
    }

    [Fact]
    public void MatrixInAWorkflowLevelConcurrencyGroup_IsRejectedByTheWorkflowParser()
    {
        // The workflow-level group is evaluated before any job exists: the mistake a per-pipeline group invites.
        var (_, workflowParser) = ValidateText(
            "on: push\nconcurrency:\n  group: deploy-${{ matrix.app }}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./build.sh Deploy\n");

        Assert.NotEqual(0, workflowParser.ExitCode);
        Assert.Contains("Unrecognized named-value: 'matrix'", workflowParser.Output);
    }

    static (WorkflowValidators.Result, WorkflowValidators.Result) ValidateText(string yaml)
    {
        using var root = new TemporaryRoot();
        return WorkflowValidators.Validate(root.Write("broken.yml", yaml));
    }
}

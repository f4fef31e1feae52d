using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.CI;

/// <summary>How the runner keeps the CI files current: on demand, on local builds, never on a CI server.</summary>
public sealed class GenerateConfigurationTests
{
    [Fact]
    public void GenerateConfiguration_WritesTheFiles_AndRunsNoTarget()
    {
        using var run = new BuildRun();
        var build = new SmallCIBuild();

        run.Run(build, "--generate-configuration");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("Wrote .github/workflows/test.yml", run.Output);
        Assert.True(File.Exists(Path.Combine(run.Root, ".github/workflows/test.yml")));
        Assert.True(File.Exists(Path.Combine(run.Root, ".gitlab-ci.yml")));
    }

    [Fact]
    public void GenerateConfiguration_Again_SaysUpToDate()
    {
        using var run = new BuildRun();
        run.Run(new SmallCIBuild(), "--generate-configuration");

        run.Run(new SmallCIBuild(), "--generate-configuration");

        Assert.Contains("CI configuration is up to date: .github/workflows/test.yml, .gitlab-ci.yml.", run.Output);
    }

    [Fact]
    public void LocalBuild_WarnsAboutAFileOutOfDate_AndLeavesTheTreeClean()
    {
        using var run = new BuildRun();
        run.WriteFile(".gitlab-ci.yml", "edited by hand\n");

        run.Run(new SmallCIBuild());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[WRN] .gitlab-ci.yml is out of date with the CI attributes of the build class: run ./build.sh --generate-configuration and commit it.", run.Output);
        // Never rewritten by itself: a Deploy that follows would find the committed tree dirty and refuse it.
        Assert.Equal("edited by hand\n", File.ReadAllText(Path.Combine(run.Root, ".gitlab-ci.yml")));
    }

    [Fact]
    public void ServerBuild_LeavesTheCheckoutAlone()
    {
        using var run = new BuildRun();
        run.WriteFile(".gitlab-ci.yml", "edited by hand\n");
        run.Environment["CI"] = "true";

        run.Run(new SmallCIBuild());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("edited by hand\n", File.ReadAllText(Path.Combine(run.Root, ".gitlab-ci.yml")));
        Assert.False(File.Exists(Path.Combine(run.Root, ".github/workflows/test.yml")));
    }

    [Fact]
    public void LocalBuild_WhenAFileCannotBeGenerated_StillRuns()
    {
        using var run = new BuildRun();
        var build = new CIBuild(); // its deploy job needs pipelines/*.yaml, which this root does not have

        run.Run(build);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Default"], build.Ran);
        Assert.False(Directory.Exists(Path.Combine(run.Root, ".github")));
    }

    [Fact]
    public void GenerateConfiguration_WhenAFileCannotBeGenerated_FailsWithTheReason()
    {
        using var run = new BuildRun();

        run.Run(new CIBuild(), "--generate-configuration");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CI configuration 'deploy': JobPerFile 'pipelines/*.yaml' names a folder that does not exist", run.Output);
    }
}

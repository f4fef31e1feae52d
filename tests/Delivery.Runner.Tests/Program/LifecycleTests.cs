using System.Text.Json;
using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

public sealed class LifecycleTests : IDisposable
{
    readonly BuildRun _run = new();

    [Fact]
    public void Run_Success_ExitsZeroAndExposesContext()
    {
        var build = new HookBuild();
        _run.Environment["CI"] = "true";

        _run.Run(build, "--no-logo");

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal(["initialized", "Default", "finished"], build.Ran);
        Assert.Equal(new AbsolutePath(_run.Root), build.RootDirectory);
        Assert.True(Directory.Exists(build.TemporaryDirectory));
        Assert.Equal(new AbsolutePath(_run.Root) / ".nuke" / "temp", build.TemporaryDirectory);
    }

    [Fact]
    public void RootDirectory_SubdirectoryOrRootOption_FindsNukeFolderOrTakesOption()
    {
        var build = new HookBuild();
        var nested = Path.Combine(_run.Root, "src", "app");
        Directory.CreateDirectory(nested);

        Assert.Equal(new AbsolutePath(_run.Root), RootFinder(nested));

        _run.Run(build, "--root", "src/app");
        Assert.Equal(new AbsolutePath(nested), build.RootDirectory);
    }

    static AbsolutePath RootFinder(string workingDirectory) =>
        Delivery.Runner.Execution.RootLocator.Find(Delivery.Runner.Parameters.ArgumentParser.Parse([]), workingDirectory);

    [Fact]
    public void Run_NoNukeFolderAnywhere_SaysHowToFixIt()
    {
        var error = Assert.Throws<BuildException>(() => RootFinder("/"));

        Assert.Equal("Could not find the build root: no .nuke/ directory in '/' or above it. Create one at the repository root, or pass --root.", error.Message);
    }

    [Fact]
    public void Run_FailingInitializationHook_FailsWithoutRunningTargets()
    {
        var build = new HookBuild { FailInitialization = true };

        _run.Run(build, "--no-logo");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal(["finished"], build.Ran);
        Assert.Contains("[ERR] OnBuildInitialized failed: InvalidOperationException: no docker", _run.Output);
        Assert.Contains("Default             NotRun", _run.Output);
    }

    [Fact]
    public void Run_WithNukeFolder_WritesSchemaOnlyWhenChanged()
    {
        var schema = Path.Combine(_run.Root, ".nuke", "build.schema.json");

        _run.Run(new DeployBuild(), "--help");
        var first = File.GetLastWriteTimeUtc(schema);
        File.SetLastWriteTimeUtc(schema, first.AddHours(-1));
        _run.Run(new DeployBuild(), "--help");

        Assert.Equal(first.AddHours(-1), File.GetLastWriteTimeUtc(schema));
        using var document = JsonDocument.Parse(File.ReadAllText(schema));
        var properties = document.RootElement.GetProperty("properties");
        Assert.Equal("integer", properties.GetProperty("Instances").GetProperty("type").GetString());
        Assert.Equal("array", properties.GetProperty("Zones").GetProperty("type").GetString());
        Assert.Equal(["Debug", "Release"], properties.GetProperty("Configuration").GetProperty("enum").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("Name of the service to deploy.", properties.GetProperty("App").GetProperty("description").GetString());
    }

    [Fact]
    public void Run_Continue_SkipsTargetsThatSucceededLastTime()
    {
        var first = new DeployBuild { PushFailure = new InvalidOperationException("flaky") };
        _run.Run(first, "Push", "--app", "lobby");
        Assert.Equal(1, _run.ExitCode);

        var second = new DeployBuild();
        _run.Run(second, "Push", "--app", "lobby", "--continue");

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal(["Push"], second.Ran);
        Assert.Contains("Compile             Skipped                // succeeded in the previous attempt", _run.Output);
    }

    [Fact]
    public void Run_ContinueWithDifferentInvocation_RunsEverythingAndWarns()
    {
        _run.Run(new DeployBuild(), "Compile");
        var second = new DeployBuild();

        _run.Run(second, "Push", "--app", "lobby", "--continue");

        Assert.Equal(["Restore", "Compile", "Push"], second.Ran);
        Assert.Contains("[WRN] Nothing to continue", _run.Output);
    }

    [Fact]
    public void Run_ReportSummaryOutsideTarget_WarnsAndDrops()
    {
        var build = new HookBuild { ReportInInitialization = true };

        _run.Run(build, "--no-logo");

        Assert.Contains("[WRN] Summary note 'Early' was reported outside of a running target and is dropped.", _run.Output);
    }

    sealed class HookBuild : TestBuild
    {
        public bool FailInitialization { get; init; }
        public bool ReportInInitialization { get; init; }

        public Target Default => _ => _.Executes(() => Ran.Add(nameof(Default)));

        protected override void OnBuildInitialized()
        {
            if (ReportInInitialization)
                ReportSummary("Early", "x");
            if (FailInitialization)
                throw new InvalidOperationException("no docker");
            Ran.Add("initialized");
        }

        protected override void OnBuildFinished() => Ran.Add("finished");
    }

    public void Dispose() => _run.Dispose();
}

public sealed class ExitCodeTests : IDisposable
{
    readonly BuildRun _run = new();

    [Fact]
    public void Run_ProceedAfterFailure_RunsTheRestButExitsOne()
    {
        var build = new ProceedBuild();

        _run.Run(build, "--no-logo");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal(["Lint", "Test"], build.Ran);
        Assert.Contains("Lint                Failed", _run.Output);
        Assert.Contains("Test                Succeeded", _run.Output);
        Assert.EndsWith("Build failed on 2026-11-26 09:30:00 UTC.\n", _run.Output);
    }

    [Fact]
    public void Run_SkippedAndCollectiveOnly_ExitsZero()
    {
        var build = new ProceedBuild();

        _run.Run(build, "--skip", "--no-logo");

        Assert.Equal(0, _run.ExitCode);
        Assert.Empty(build.Ran);
        Assert.EndsWith("Build succeeded on 2026-11-26 09:30:00 UTC.\n", _run.Output);
    }

    [Fact]
    public void Run_TheBuildSetsItsExitCode_TheProcessExitsWithIt()
    {
        _run.Run(new CodedBuild(), "Deploy", "--no-logo");

        Assert.Equal(3, _run.ExitCode);
        Assert.Contains("Deploy              Failed", _run.Output);
    }

    [Fact]
    public void Run_AnInvocationRefusedBeforeAnyTarget_ExitsWithTheBuildsInvocationCode()
    {
        _run.Run(new CodedBuild(), "Deploy", "--colour", "--no-logo");

        Assert.Equal(2, _run.ExitCode);
        Assert.Contains("Unknown option '--colour'", _run.Output);
    }

    [Fact]
    public void Run_TheBuildLeavesItsExitCodeUnset_OneOnFailure()
    {
        _run.Run(new CodedBuild(), "Crash", "--no-logo");

        Assert.Equal(1, _run.ExitCode);
    }

    sealed class CodedBuild : TestBuild
    {
        protected override int InvocationErrorExitCode => 2;

        public Target Deploy => _ => _.Executes(() =>
        {
            ExitCode = 3;
            throw new InvalidOperationException("the canary was rolled back");
        });

        public Target Crash => _ => _.Executes(() => throw new InvalidOperationException("boom"));
        public Target Default => _ => _.Executes(() => { });
    }

    sealed class ProceedBuild : TestBuild
    {
        public Target Lint => _ => _.ProceedAfterFailure().Executes(() =>
        {
            Ran.Add(nameof(Lint));
            throw new InvalidOperationException("style");
        });

        public Target Test => _ => _.Executes(() => Ran.Add(nameof(Test)));
        public Target Default => _ => _.DependsOn(Lint, Test);
    }

    public void Dispose() => _run.Dispose();
}

using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

public sealed class OutputTests : IDisposable
{
    readonly BuildRun _run = new();
    readonly DeployBuild _build = new();

    [Fact]
    public void Help_SampleBuild_MatchesGolden()
    {
        _run.Run(_build, "--help");

        Assert.Equal(0, _run.ExitCode);
        Assert.Empty(_build.Ran);
        Golden.Verify("help.txt", _run.Output);
    }

    [Fact]
    public void Help_ShortFlag_IsTheSame()
    {
        _run.Run(_build, "-h");

        Assert.StartsWith("Targets (with their direct dependencies):\n", _run.Output);
    }

    [Fact]
    public void Summary_SuccessfulDeploy_MatchesGolden()
    {
        _run.Run(_build, "Deploy", "--app", "lobby");

        Assert.Equal(0, _run.ExitCode);
        Golden.Verify("summary-succeeded.txt", _run.Output);
    }

    [Fact]
    public void Summary_FailedPush_MatchesGolden()
    {
        _build.PushFailure = new InvalidOperationException("registry answered 500 for password hunter2");

        _run.Run(_build, "Deploy", "Rollback", "--app", "lobby", "--registry-password", "hunter2", "--no-logo");

        Assert.Equal(1, _run.ExitCode);
        Golden.Verify("summary-failed.txt", _run.Output);
    }

    [Fact]
    public void Run_Failure_ShowsStackTraceOnlyWhenVerbose()
    {
        _build.PushFailure = new InvalidOperationException("boom");

        _run.Run(_build, "Push", "--app", "lobby", "--no-logo");
        Assert.DoesNotContain(" at ", _run.Output);

        _run.Run(new DeployBuild { PushFailure = new InvalidOperationException("boom") }, "Push", "--app", "lobby", "--verbosity", "verbose");
        Assert.Contains("System.InvalidOperationException: boom", _run.Output);
        Assert.Contains(" at ", _run.Output);
    }

    [Fact]
    public void Run_QuietVerbosity_PrintsOnlySummary()
    {
        _run.Run(_build, "Compile", "--verbosity", "quiet");

        Assert.StartsWith("\n════", _run.Output);
    }

    [Fact]
    public void Run_BadVerbosity_IsAParameterError()
    {
        _run.Run(_build, "--verbosity", "loud");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Parameter '--verbosity' got 'loud', but expects one of quiet, minimal, normal, verbose.\n", _run.Output);
    }

    public void Dispose() => _run.Dispose();
}

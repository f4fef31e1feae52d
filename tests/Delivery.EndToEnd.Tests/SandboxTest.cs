using System.Diagnostics;
using Delivery.Composition;
using Delivery.Engine;
using Delivery.Marathon;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>Shared steps of the end-to-end tests: deploy a commit of the clone, roll back, read the apps.</summary>
public abstract class SandboxTest(SandboxFixture sandbox, ITestOutputHelper output) : IDisposable
{
    protected SandboxFixture Sandbox { get; } = sandbox;

    /// <summary>Every engine call of a test stops here, so a test past its bound leaves nothing running behind it.</summary>
    private readonly CancellationTokenSource _bound = new(TimeSpan.FromSeconds(225));

    protected CancellationToken Bound => _bound.Token;

    public void Dispose() => _bound.Cancel();

    protected void Say(string line)
    {
        try { output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}"); }
        catch (InvalidOperationException) { } // a line from a background pass after the test ended
    }

    protected DeliveryHost Host(IMarathonClient? marathon = null, string? holder = null) => Sandbox.Host(Say, marathon, holder);

    /// <summary>Deploys <paramref name="commit"/>; an error gives its Failed report instead of throwing.</summary>
    protected async Task<(RunReport Report, Exception? Error)> DeployAsync(string commit, IMarathonClient? marathon = null, string? holder = null)
    {
        Sandbox.Repository.Checkout(commit);
        using var host = Host(marathon, holder);
        try
        {
            var report = await host.Deploy().RunAsync(host.Targets(["lobby"])[0], allowDirty: false, Bound);
            Say($"Deploy {commit[..8]}: {report.Outcome}: {report.Reason}");
            return (report, null);
        }
        catch (RunFailedException failed)
        {
            Say($"Deploy {commit[..8]} failed: {failed.Message}");
            return (failed.Report, failed.InnerException);
        }
    }

    protected async Task<RunReport> RollbackAsync(string? to = null, IMarathonClient? marathon = null, string? holder = null, IReadOnlyCollection<string>? undo = null)
    {
        using var host = Host(marathon, holder);
        var report = await host.Rollback().RunAsync(host.Targets(["lobby"])[0], to, Bound, undo);
        Say($"Rollback: {report.Outcome}: {report.Reason}");
        return report;
    }

    /// <summary>A clean group with <see cref="SandboxFixture.Good1"/> live: the usual starting point.</summary>
    protected async Task<RunReport> StartFromGood1Async()
    {
        await Sandbox.ResetAsync();
        var (report, error) = await DeployAsync(Sandbox.Good1);
        Assert.True(report.Outcome == RunOutcome.Promoted, $"first release: {report.Outcome} {report.Reason} {error}");
        return report;
    }

    /// <summary>Runs the compiled build program on <paramref name="root"/>, as <c>./build.sh</c> does; returns its exit code and output.</summary>
    protected async Task<(int Code, string Output)> BuildAsync(string root, params string[] arguments)
    {
        using var process = StartBuild(root, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(Bound);
        var stderr = process.StandardError.ReadToEndAsync(Bound);
        await process.WaitForExitAsync(Bound);
        var text = await stdout + await stderr;
        Say($"build {string.Join(' ', arguments)} -> {process.ExitCode}\n{text}");
        return (process.ExitCode, text);
    }

    /// <summary>Starts the compiled build program on <paramref name="root"/> (its output redirected); the caller waits or kills it.</summary>
    protected static Process StartBuild(string root, params string[] arguments)
    {
        var program = Path.Combine(SandboxLocator.RepositoryRoot(), "build", "bin", "Debug", "net10.0", "_build.dll");
        Assert.True(File.Exists(program), $"the build program is not compiled ({program}): run ./build.sh once");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var extra in new[] { "--root", root, "--no-logo" }) start.ArgumentList.Add(extra);
        start.Environment["NO_COLOR"] = "1";
        return Process.Start(start)!;
    }

    protected Task<MarathonApp?> StableAsync() => Sandbox.Marathon.GetAppAsync(Sandbox.StableAppId);
    protected Task<MarathonApp?> CanaryAsync() => Sandbox.Marathon.GetAppAsync(Sandbox.CanaryAppId);

    /// <summary>Stable runs <paramref name="digest"/> on all three instances, healthy, one per zone, and no canary is left.</summary>
    protected async Task AssertConvergedAsync(string? digest)
    {
        Assert.Null(await CanaryAsync());
        var stable = await StableAsync();
        Assert.NotNull(stable);
        if (digest is not null) Assert.EndsWith(digest, stable.Image);
        Assert.Equal(3, stable.Instances);
        var deadline = Stopwatch.StartNew();
        // Marathon may still be stopping the tasks an upgrade replaced (a restore ends once the new ones serve): wait for it.
        while (((stable!.Tasks ?? []).Count(t => t.IsHealthy) < 3 || stable.Tasks!.Count > 3) && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(1000);
            stable = await StableAsync();
        }
        Assert.Equal(3, stable!.Tasks!.Count(t => t.IsHealthy));
        // Placement after a rolling upgrade is the scheduler's business (GROUP_BY evens it out over time): shown, not pinned.
        Say($"Stable tasks by zone: {string.Join(", ", stable.Tasks!.GroupBy(t => t.Zone).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}");
    }
}

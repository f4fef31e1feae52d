using Delivery.Runner.Execution;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Runner.Tests.Support;

/// <summary>
/// Runs a build class the way <c>BuildProgram.Execute</c> does, but with in-memory arguments, environment
/// and output, a fake clock, and a temporary root directory holding <c>.nuke/</c>.
/// </summary>
internal sealed class BuildRun : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    public BuildRun()
    {
        Root = Path.Combine(Path.GetTempPath(), "delivery-build-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }
    public FakeTimeProvider Time { get; } = new(Start);
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
    public string Output { get; private set; } = string.Empty;

    /// <summary>What went to standard error: the runner's own output when <c>--json</c> is given.</summary>
    public string ErrorOutput { get; private set; } = string.Empty;
    public int ExitCode { get; private set; }

    /// <summary>The build object of the last run, also when the runner created it.</summary>
    public BuildProgram? Build { get; private set; }

    /// <summary>The host of the current run, so that a target can trigger Ctrl+C through its signal.</summary>
    public BuildHost? Host { get; private set; }

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public BuildRun Run<T>(T build, params string[] args) where T : BuildProgram => Run(build, args, ["Default"]);

    public BuildRun Run<T>(T build, string[] args, string[] defaultTargets) where T : BuildProgram =>
        Run(build.GetType(), () => build, args, defaultTargets);

    /// <summary>Runs a build the runner creates itself, as <c>Execute&lt;T&gt;</c> does: its constructor sees the host.</summary>
    public BuildRun Run<T>(params string[] args) where T : BuildProgram, new() => Run(typeof(T), () => new T(), args, ["Default"]);

    BuildRun Run(Type type, Func<BuildProgram> create, string[] args, string[] defaultTargets)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        using var host = new BuildHost
        {
            Arguments = args,
            Environment = Environment,
            WorkingDirectory = Root,
            Output = output,
            ErrorOutput = error,
            Time = Time,
        };
        Host = host;
        ExitCode = new BuildManager(host).Run(type, () =>
        {
            var build = create();
            Build = build;
            if (build is TestBuild testBuild)
                testBuild.Run = this;
            return build;
        }, defaultTargets);
        Output = output.ToString().Replace(Root, "<root>", StringComparison.Ordinal);
        ErrorOutput = error.ToString().Replace(Root, "<root>", StringComparison.Ordinal);
        Host = null;
        return this;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>A build class for tests, which can reach its run to move the clock or send Ctrl+C.</summary>
internal abstract class TestBuild : BuildProgram
{
    public BuildRun? Run { get; set; }
    public List<string> Ran { get; } = [];

    protected void Elapse(TimeSpan time) => Run!.Time.Advance(time);
    protected void PressCtrlC() => Run!.Host!.Signal.Trigger();
}

using System.Linq.Expressions;
using Delivery.Runner.Execution;

namespace Delivery.Runner;

/// <summary>
/// Base class of a build program (NUKE's NukeBuild). Targets are public properties of type
/// <see cref="Target"/>; parameters are members marked <see cref="ParameterAttribute"/>.
/// </summary>
public abstract class BuildProgram
{
    BuildContext? _context;

    /// <summary>Runs the build: <c>public static int Main(string[] args) => Execute&lt;Build&gt;(args, x => x.Compile);</c></summary>
    /// <returns>The process exit code: 0 when every planned target succeeded or was skipped.</returns>
    public static int Execute<T>(string[] args, params Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildProgram, new()
    {
        using var host = BuildHost.FromProcess(args);
        return new BuildManager(host).Run(new T(), defaultTargets.Select(DefaultTargetName.Of).ToList());
    }

    /// <summary>The nearest ancestor of the working directory with a <c>.nuke/</c> folder, or <c>--root</c>.</summary>
    public AbsolutePath RootDirectory => Context.RootDirectory;

    /// <summary><c>RootDirectory/.nuke/temp</c>, created on first use.</summary>
    public AbsolutePath TemporaryDirectory
    {
        get
        {
            var directory = RootDirectory / ".nuke" / "temp";
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    /// <summary>Cancelled on Ctrl+C or SIGTERM; assured targets that run afterwards see a fresh token.</summary>
    public CancellationToken CancellationToken => Context.CancellationToken;

    /// <summary>The build log; warnings and errors are repeated at the end.</summary>
    public IBuildLog Log => Context.Log;

    /// <summary>True unless the environment variable CI is set to true or 1.</summary>
    public bool IsLocalBuild => !IsServerBuild;

    /// <summary>True when the environment variable CI is set to true or 1.</summary>
    public bool IsServerBuild => Context.IsServerBuild;

    /// <summary>Adds a <c>// key: value</c> note to the running target's summary row.</summary>
    public void ReportSummary(string key, string value) => Context.ReportSummary(key, value);

    /// <summary>Masks this value as <c>[secret]</c> wherever it appears from now on, as the secret parameters' values are.</summary>
    public void AddSecret(string? value) => Context.Secrets.Add(value);

    /// <summary>Masks every secret known to the build in text that came from elsewhere (a child process's output).</summary>
    public string Redact(string text) => Context.Secrets.Redact(text);

    /// <summary>The names of the targets the user asked for (or the defaults).</summary>
    public IReadOnlyList<string> InvokedTargets => Context.InvokedTargets;

    /// <summary>
    /// The process exit code, when the build sets it (as NUKE's <c>ExitCode</c>): lets a build tell apart how it ended.
    /// Unset, the code is 0 when every planned target succeeded or was skipped, and 1 otherwise.
    /// </summary>
    public int? ExitCode { get; set; }

    /// <summary>The exit code of an invocation refused before any target ran: an unknown option or target, a bad value, an unmet requirement.</summary>
    protected virtual int InvocationErrorExitCode => 1;

    /// <summary>Called after parameters are injected and targets planned, before the first target runs.</summary>
    protected virtual void OnBuildInitialized() { }

    /// <summary>Called after the last target, before the summary is written.</summary>
    protected virtual void OnBuildFinished() { }

    internal BuildContext Context =>
        _context ?? throw new InvalidOperationException("The build is not running yet: run it through BuildProgram.Execute.");

    internal void Attach(BuildContext context) => _context = context;
    internal void RaiseBuildInitialized() => OnBuildInitialized();
    internal void RaiseBuildFinished() => OnBuildFinished();
    internal int InvocationErrorCode => InvocationErrorExitCode;
}

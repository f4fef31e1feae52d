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

    // The host is known before the build object exists, so that field initialisers can read it (NUKE's
    // `Configuration = IsLocalBuild ? Configuration.Debug : Configuration.Release`). It is per run, not
    // process-wide, so that builds run side by side in tests each see their own.
    static readonly AsyncLocal<Host?> s_host = new();

    /// <summary>Runs the build: <c>public static int Main(string[] args) => Execute&lt;Build&gt;(args, x => x.Compile);</c></summary>
    /// <returns>The process exit code: 0 when every planned target succeeded or was skipped.</returns>
    public static int Execute<T>(string[] args, params Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildProgram, new()
    {
        using var host = BuildHost.FromProcess(args);
        return new BuildManager(host).Run(typeof(T), () => new T(), defaultTargets.Select(DefaultTargetName.Of).ToList());
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

    /// <summary>Where the build runs: <c>--host</c>, else detected from the variables CI servers set (GITHUB_ACTIONS, GITLAB_CI, CI).</summary>
    public static Host Host => s_host.Value ?? HostDetector.FromEnvironment(BuildHost.ProcessEnvironment());

    /// <summary>True on a person's terminal (<see cref="Host"/> is Terminal); usable in field initialisers.</summary>
    public static bool IsLocalBuild => Host == Host.Terminal;

    /// <summary>True on a CI server; usable in field initialisers.</summary>
    public static bool IsServerBuild => !IsLocalBuild;

    /// <summary>
    /// True with <c>--json</c>: targets write machine-readable results to <see cref="StandardOutput"/>, and the
    /// runner's own output (logo, log, summary) goes to standard error, so that <c>./build.sh Status --json | jq</c> works.
    /// </summary>
    public bool Json => Context.Json;

    /// <summary>
    /// Standard output, for a target's result (such as its <see cref="Json"/>); the log goes elsewhere with <c>--json</c>.
    /// What is written here is data for a script and is not masked like log lines: never write a [Secret] to it.
    /// </summary>
    public TextWriter StandardOutput => Context.StandardOutput;

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

    /// <summary>Sets <see cref="Host"/> for the current run; returns the previous value to restore.</summary>
    internal static Host? EnterHost(Host? host)
    {
        var previous = s_host.Value;
        s_host.Value = host;
        return previous;
    }

    internal void RaiseBuildInitialized() => OnBuildInitialized();
    internal void RaiseBuildFinished() => OnBuildFinished();
    internal int InvocationErrorCode => InvocationErrorExitCode;
}

using Delivery.Runner.Output;

namespace Delivery.Runner.Execution;

/// <summary>The per-run state a build program sees through its base class; one per build, never static.</summary>
internal sealed class BuildContext(AbsolutePath rootDirectory, BuildLog log, SecretRedactor secrets, bool isServerBuild)
{
    /// <summary>Where a target's result goes (standard output); with <see cref="Json"/> nothing else does.</summary>
    public TextWriter StandardOutput { get; init; } = TextWriter.Null;
    public bool Json { get; init; }

    public AbsolutePath RootDirectory { get; } = rootDirectory;
    public BuildLog Log { get; } = log;
    public bool IsServerBuild { get; } = isServerBuild;
    public SecretRedactor Secrets { get; } = secrets;
    public List<string> InvokedTargets { get; } = [];
    public CancellationToken CancellationToken { get; set; }

    ExecutableTarget? _current;

    /// <summary>The target whose actions are running; summary notes and log entries are attached to it.</summary>
    public ExecutableTarget? CurrentTarget
    {
        get => _current;
        set { _current = value; Log.CurrentTarget = value?.Name; }
    }

    public void ReportSummary(string key, string value)
    {
        if (CurrentTarget is null)
        {
            Log.Warning($"Summary note '{Secrets.Redact(key)}' was reported outside of a running target and is dropped.");
            return;
        }
        CurrentTarget.AddSummaryNote(Secrets.Redact(key), Secrets.Redact(value));
    }
}

using System.ComponentModel;
using System.Diagnostics;
using Delivery.Core.Hooks;
using Delivery.Processes;

namespace Delivery.Hooks;

/// <summary>
/// One command hook's process: started without a shell from the repository root, its stdout and stderr read at the
/// same time (reading one after the other deadlocks once the other pipe's buffer fills), and stopped by pid: SIGTERM
/// so it can clean up, then SIGKILL of its whole tree after a grace.
/// </summary>
internal sealed class HookProcess : IDisposable
{
    // After the process exits, a grandchild it left running may still hold the pipes open; the tail is what was read by then.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(1);

    private readonly Process process;
    private readonly TimeProvider time;
    private readonly OutputTail tail;
    private readonly Task pumps;
    private readonly Lock gate = new();
    private Task? stopping;
    private bool disposed;

    private HookProcess(Process process, TimeProvider time, OutputTail tail)
    {
        this.process = process;
        this.time = time;
        this.tail = tail;
        Pid = process.Id;
        pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>Kept from the start: a disposed Process no longer answers, and the handle is asked after the end.</summary>
    public int Pid { get; }

    public bool HasExited => disposed || process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the hook's command, or says in one line why it could not (program missing, not executable).</summary>
    public static HookProcess? TryStart(HookSpec hook, HookPayload payload, string workingDirectory, TimeProvider time,
        Func<string, string> redact, out string? error)
    {
        var info = new ProcessStartInfo(Program(hook.Command![0], workingDirectory))
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A hook must not wait for input from the engine's terminal; it gets an stdin closed at once.
            RedirectStandardInput = true,
        };
        foreach (var argument in hook.Command.Skip(1)) info.ArgumentList.Add(argument);
        foreach (var (name, value) in HookEnvironment.For(payload)) info.Environment[name] = value;

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            process.Dispose();
            error = HookMessages.OneLine(e.Message);
            return null;
        }
        process.StandardInput.Close();
        error = null;
        return new HookProcess(process, time, new OutputTail(redact));
    }

    public Task WaitForExitAsync(CancellationToken ct) => process.WaitForExitAsync(ct);

    /// <summary>
    /// SIGTERM, up to <paramref name="grace"/> to exit, then SIGKILL of the whole tree. Safe to call more than once and
    /// from two places at once (a caller's stop racing the hook's own time limit): the first caller's grace applies.
    /// </summary>
    public Task StopAsync(TimeSpan grace)
    {
        lock (gate) return stopping ??= StopCoreAsync(grace);
    }

    private Task StopCoreAsync(TimeSpan grace) => ProcessStop.TerminateAsync(process, grace, time);

    /// <summary>The tail of stdout and stderr, once the process has exited.</summary>
    public async Task<string> OutputAsync()
    {
        try
        {
            await pumps.WaitAsync(DrainLimit, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A grandchild still holds the pipes; keep what arrived.
        }
        return tail.ToString();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        try
        {
            await tail.PumpAsync(reader, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke or the process was disposed while a grandchild still wrote: the tail keeps what it has.
        }
    }

    /// <summary>
    /// .NET resolves a relative program path against the engine's current directory, not the child's working directory;
    /// pipelines write <c>pipelines/hooks/smoke.sh</c> meaning the repository's. A bare name is left for PATH.
    /// </summary>
    private static string Program(string program, string workingDirectory) =>
        program.Contains('/') && !Path.IsPathRooted(program) ? Path.GetFullPath(Path.Combine(workingDirectory, program)) : program;

    public void Dispose()
    {
        disposed = true;
        process.Dispose();
    }
}

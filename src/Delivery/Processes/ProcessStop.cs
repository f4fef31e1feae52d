using System.Diagnostics;

namespace Delivery.Processes;

/// <summary>
/// Stops a process this program started, by its pid: SIGTERM so that it can clean up (a hook's containers, a sandbox
/// component's files), then, after <c>grace</c>, SIGKILL of its whole tree. Used for hooks and for the sandbox's
/// components alike.
/// </summary>
public static class ProcessStop
{
    public static async Task TerminateAsync(Process process, TimeSpan grace, TimeProvider time, CancellationToken ct = default)
    {
        if (process.HasExited) return;
        if (Signals.Terminate(process.Id))
        {
            try
            {
                await process.WaitForExitAsync(ct).WaitAsync(grace, time, ct).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
                // It ignored or outlived SIGTERM; what follows cannot be ignored.
            }
        }
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
    }
}

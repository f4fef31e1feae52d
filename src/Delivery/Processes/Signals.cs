using System.Runtime.InteropServices;

namespace Delivery.Processes;

/// <summary>
/// SIGTERM by pid. .NET's Process.Kill sends SIGKILL, which cannot be trapped; a hook (a load generator, a smoke test) that
/// started containers or opened sessions needs SIGTERM to clean up, so it gets that first and SIGKILL only after a grace.
/// </summary>
internal static class Signals
{
    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>False when the signal could not be sent (no such process, or not a Unix system): the caller kills instead.</summary>
    public static bool Terminate(int pid)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return false;
        return kill(pid, SigTerm) == 0;
    }
}

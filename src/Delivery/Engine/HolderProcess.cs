using System.Diagnostics;
using System.Globalization;

namespace Delivery.Engine;

/// <summary>
/// A lease holder named <c>who@host/pid-N</c> on this very machine whose process is gone cannot renew its lease: the
/// run was killed. Waiting out the rest of its lease (up to 45 seconds) would only delay whoever comes next, so such
/// a lease counts as expired. A holder on another machine is never second-guessed.
/// </summary>
public static class HolderProcess
{
    public static string Name(string who) => $"{who}@{Environment.MachineName}/pid-{Environment.ProcessId}";

    public static bool IsDeadHere(string holder)
    {
        var slash = holder.LastIndexOf("/pid-", StringComparison.Ordinal);
        var at = holder.LastIndexOf('@', slash < 0 ? holder.Length - 1 : slash);
        if (slash < 0 || at < 0) return false;
        if (!string.Equals(holder[(at + 1)..slash], Environment.MachineName, StringComparison.Ordinal)) return false;
        if (!int.TryParse(holder[(slash + 5)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            // How .NET says no process has that id: it has no non-throwing lookup.
            return true;
        }
    }
}

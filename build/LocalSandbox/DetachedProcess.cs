using System.Diagnostics;

namespace LocalSandbox;

/// <summary>
/// A long-running sandbox component started in its own session (so that it outlives the build program and
/// a Ctrl+C of it), with its pid in <c>pids/NAME.pid</c> and its output in <c>logs/NAME.log</c>.
/// Liveness checks the pid's command line too, so a recycled pid is never taken for ours.
/// </summary>
public sealed record DetachedProcess(string Name, SandboxLayout Layout)
{
    public int? Pid => File.Exists(Layout.PidFile(Name)) && int.TryParse(File.ReadAllText(Layout.PidFile(Name)).Trim(), out var pid) ? pid : null;

    public bool IsRunning => Pid is { } pid && IsOurs(pid);

    public async Task<int> StartAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Layout.Create();
        // setsid gives the component its own session; sh prints the pid of the exec'd program.
        var command = $"setsid {Quote(fileName)} {string.Join(' ', arguments.Select(Quote))} >>{Quote(Layout.LogFile(Name))} 2>&1 </dev/null & echo $!";
        var result = await ProcessRunner.RunCheckedAsync($"start the sandbox's {Name}", "/bin/sh", ["-c", command], cancellationToken);
        var pid = int.Parse(result.Output.Trim());
        await File.WriteAllTextAsync(Layout.PidFile(Name), pid + "\n", cancellationToken);
        return pid;
    }

    /// <summary>SIGTERM, then SIGKILL after the grace period; forgets the pid file either way.</summary>
    public async Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (Pid is not { } pid)
            return false;
        var stopped = false;
        if (IsOurs(pid))
        {
            using var process = Process.GetProcessById(pid);
            await ProcessStop.TerminateAsync(process, grace, TimeProvider.System, cancellationToken);
            stopped = true;
        }
        File.Delete(Layout.PidFile(Name));
        return stopped;
    }

    public string LogTail(int lines = 15) =>
        File.Exists(Layout.LogFile(Name))
            ? string.Join('\n', File.ReadLines(Layout.LogFile(Name)).TakeLast(lines))
            : "(no log)";

    private bool IsOurs(int pid)
    {
        var cmdline = $"/proc/{pid}/cmdline";
        if (!File.Exists(cmdline))
            return false;
        try
        {
            var text = File.ReadAllText(cmdline).Replace('\0', ' ');
            // An empty command line is a zombie (not running any more) or a process in the middle of exec (just
            // started): /proc/<pid>/stat tells them apart.
            if (text.Length == 0)
                return !IsZombie(pid);
            return text.Contains(ExpectedCommand, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            // Format: "pid (comm) S …": the state letter follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart();
            return state.Length == 0 || state[0] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>What the component's command line contains, by name: the program for tools, the dll for the host.</summary>
    private string ExpectedCommand => Name switch
    {
        "registry" => "docker-registry",
        "prometheus" => "prometheus",
        "pushgateway" => "prometheus-pushgateway",
        "dockerd" => "dockerd",
        "host" => "Delivery.Sandbox",
        _ => Name,
    };

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}

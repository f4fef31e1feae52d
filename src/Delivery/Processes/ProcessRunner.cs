using System.Diagnostics;
using System.Text;

namespace Delivery.Processes;

/// <summary>
/// Runs a program to completion, for the build (dotnet, apt-get, the sandbox's tools) and the engine (a pipeline's
/// prepare command). Standard output and error are read at the same time (one after the other deadlocks once the other
/// pipe's buffer fills), each line handed to the caller as it comes and kept for the error message; a cancellation
/// kills the whole tree it started, by its pid.
/// </summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output)
    {
        public string Tail(int lines = 15) => string.Join('\n', Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
    }

    /// <param name="start">What to run, where and with which variables; the redirections are set here.</param>
    /// <param name="onLine">Hears every line of both streams, in the order they arrive.</param>
    /// <param name="closeInput">Standard input is closed at once, so the program cannot wait on a terminal; false
    /// leaves it the build's own.</param>
    public static async Task<Result> RunAsync(ProcessStartInfo start, CancellationToken cancellationToken,
        Action<string>? onLine = null, bool closeInput = true)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = closeInput;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Tried to run {start.FileName} but it did not start");
        if (closeInput) process.StandardInput.Close();
        var output = new StringBuilder();
        void Line(string? line)
        {
            if (line is null) return;
            lock (output)
            {
                output.AppendLine(line);
                onLine?.Invoke(line);
            }
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        lock (output)
            return new Result(process.ExitCode, output.ToString());
    }

    /// <param name="workingDirectory">Default: the current directory.</param>
    public static Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        return RunAsync(start, cancellationToken);
    }

    /// <summary>Runs the tool and throws with the action, the tool and its last output lines when it fails.</summary>
    public static async Task<Result> RunCheckedAsync(string action, string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var list = arguments.ToList();
        var result = await RunAsync(fileName, list, cancellationToken, environment).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Tried to {action} but `{fileName} {string.Join(' ', list)}` exited with {result.ExitCode}:\n{result.Tail()}");
        return result;
    }

    /// <summary>Finds an executable on PATH (and in the sbin folders, which a non-login root shell may lack).</summary>
    public static string? Which(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        return path.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
    }
}

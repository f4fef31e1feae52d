using System.Diagnostics;
using System.Text;

namespace LocalSandbox;

/// <summary>Runs a tool to completion and keeps its output for the error message when it fails.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output)
    {
        public string Tail(int lines = 15) => string.Join('\n', Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Tried to run {fileName} but it did not start");
        process.StandardInput.Close();
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        lock (output)
            return new Result(process.ExitCode, output.ToString());
    }

    /// <summary>Runs the tool and throws with the action, the tool and its last output lines when it fails.</summary>
    public static async Task<Result> RunCheckedAsync(string action, string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var list = arguments.ToList();
        var result = await RunAsync(fileName, list, cancellationToken, environment);
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

using System.Diagnostics;
using Delivery.Runner;

/// <summary>Runs the dotnet CLI as a child process (through Delivery's one process runner), streaming its output into the build log.</summary>
partial class Build
{
    async Task DotNet(string arguments, CancellationToken cancellationToken)
    {
        string? firstError = null;
        var exitCode = await DotNetExitCode(arguments, cancellationToken, onError: error => firstError ??= error);
        // The first compiler error says what went wrong; the command line only says what was run.
        if (exitCode != 0)
            throw new ToolFailedException(firstError is null
                ? $"'dotnet {arguments}' failed with exit code {exitCode}."
                : $"{firstError}\n'dotnet {arguments}' failed with exit code {exitCode}.");
    }

    async Task<int> DotNetExitCode(string arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null, Action<string>? onError = null)
    {
        var start = new ProcessStartInfo(DotNetPath, arguments) { WorkingDirectory = RootDirectory };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        Log.Debug($"> dotnet {arguments}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Ctrl+C stops the whole tool tree we started, by its pid.
        var result = await ProcessRunner.RunAsync(start, cancellationToken, line => { if (line.Length > 0) LogToolLine(line, seen, onError); }, closeInput: false);
        return result.ExitCode;
    }

    // Compiler errors and warnings are logged as such, so the end of the build repeats them. MSBuild prints each
    // one again in its closing summary (with or without -clp:NoSummary when the output is redirected): once is enough.
    void LogToolLine(string line, HashSet<string> seen, Action<string>? onError)
    {
        var (level, text) = MsBuildLine.Read(line, RootDirectory);
        if (level != MsBuildLine.Level.Other)
        {
            lock (seen)
            {
                if (!seen.Add(text)) return;
            }
        }
        switch (level)
        {
            case MsBuildLine.Level.Error:
                Log.Error(text);
                onError?.Invoke(text);
                break;
            case MsBuildLine.Level.Warning:
                Log.Warning(text);
                break;
            default:
                Log.Information(line);
                break;
        }
    }

    // The SDK that runs the build program is the one its children use.
    static string DotNetPath =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    static string Quote(string value) => value.Contains(' ') || value.Contains('!') || value.Contains('&') || value.Contains('|')
        ? "\"" + value.Replace("\"", "\\\"") + "\""
        : value;
}

/// <summary>A tool the build runs failed; its output is already in the log.</summary>
sealed class ToolFailedException(string message) : Delivery.Core.DeliveryException(message);

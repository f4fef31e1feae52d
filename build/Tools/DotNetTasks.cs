using System.Diagnostics;
using Delivery.Runner;

/// <summary>Runs the dotnet CLI as a child process (through Delivery's one process runner), streaming its output into the build log.</summary>
partial class Build
{
    async Task DotNet(string arguments, CancellationToken cancellationToken)
    {
        var exitCode = await DotNetExitCode(arguments, cancellationToken);
        if (exitCode != 0) throw new ToolFailedException($"'dotnet {arguments}' failed with exit code {exitCode}.");
    }

    async Task<int> DotNetExitCode(string arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotNetPath, arguments) { WorkingDirectory = RootDirectory };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        Log.Debug($"> dotnet {arguments}");
        // Ctrl+C stops the whole tool tree we started, by its pid.
        var result = await ProcessRunner.RunAsync(start, cancellationToken, line => { if (line.Length > 0) Log.Information(line); }, closeInput: false);
        return result.ExitCode;
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

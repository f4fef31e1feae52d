using System.Diagnostics;
using Delivery.Core;
using Delivery.Processes;

namespace Delivery.Images;

/// <summary>Runs a pipeline's <c>prepare</c> command (e.g. a <c>dotnet publish</c> into the context) from the repository root.</summary>
public static class PrepareCommand
{
    public static async Task RunAsync(string pipeline, string command, string workingDirectory, IProgress<string> progress, CancellationToken ct)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { WorkingDirectory = workingDirectory };
        var result = await ProcessRunner.RunAsync(start, ct, progress.Report, closeInput: false).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var tail = result.Output.TrimEnd('\n').Split('\n').TakeLast(5);
            throw new DeliveryException($"Prepare the image of {pipeline} failed: '{command}' exited with code {result.ExitCode}. Output: {string.Join(" | ", tail)}");
        }
    }
}

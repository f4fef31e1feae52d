using System.Diagnostics;
using Delivery.Core;

namespace Delivery.Images;

/// <summary>Runs a pipeline's <c>prepare</c> command (e.g. a <c>dotnet publish</c> into the context) from the repository root.</summary>
public static class PrepareCommand
{
    public static async Task RunAsync(string pipeline, string command, string workingDirectory, IProgress<string> progress, CancellationToken ct)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)
            ?? throw new DeliveryException($"Prepare the image of {pipeline} failed: could not start /bin/sh.");
        var tail = new Queue<string>();
        void Line(string? line)
        {
            if (line is null) return;
            progress.Report(line);
            lock (tail) { tail.Enqueue(line); if (tail.Count > 5) tail.Dequeue(); }
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new DeliveryException($"Prepare the image of {pipeline} failed: '{command}' exited with code {process.ExitCode}. Output: {string.Join(" | ", tail)}");
    }
}

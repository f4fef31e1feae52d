using System.Diagnostics;

namespace Delivery.Tests.Reports;

/// <summary>
/// Debian's Chromium, headless, taking one screenshot of a local file. Flags keep it offline and stateless: a fresh
/// profile per run, no sync, no component updates, no background requests, so the page shows only what it holds itself.
/// </summary>
internal static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Why the browser test cannot run here, or null when it can.</summary>
    public static string? Missing() => File.Exists(Path) ? null
        : $"Tried to screenshot the HTML report with {Path}, but it is not installed. Install it (as root): apt-get install -y chromium";

    public static async Task ScreenshotAsync(string html, string png, int width, int height, string profile)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var flag in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}",
                     $"--screenshot={png}", $"--window-size={width},{height}", new Uri(html).AbsoluteUri,
                 })
            start.ArgumentList.Add(flag);
        using var chromium = Process.Start(start) ?? throw new InvalidOperationException($"Tried to start {Path}, but no process started.");
        var output = chromium.StandardOutput.ReadToEndAsync();
        var errors = chromium.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await chromium.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung browser must not hang the test run: end it (and its renderer children) by its pid.
            chromium.Kill(entireProcessTree: true);
            throw new TimeoutException($"Tried to screenshot {html} with {Path}, but it did not finish within {Timeout.TotalSeconds:0} s (pid {chromium.Id} killed).");
        }
        if (chromium.ExitCode != 0 || !File.Exists(png))
            throw new InvalidOperationException(
                $"Tried to screenshot {html} with {Path}, but it exited with {chromium.ExitCode} and {(File.Exists(png) ? "a" : "no")} screenshot:\n{await output}\n{await errors}");
    }
}

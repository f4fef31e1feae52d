using System.Net.Http.Json;
using System.Text.Json;

namespace LocalSandbox;

/// <summary>Starts a bounded player run in the sandbox host (/_sandbox/players) and waits for its final counts.</summary>
public static class PlayersClient
{
    public static async Task<JsonElement> RunAsync(SandboxLayout layout, string service, double rate, TimeSpan duration,
        Action<JsonElement> progress, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(layout.MarathonUrl), Timeout = TimeSpan.FromSeconds(10) };
        using (var started = await http.PostAsJsonAsync("/_sandbox/players",
                   new { service, requestsPerSecond = rate, durationSeconds = duration.TotalSeconds }, cancellationToken))
        {
            if (!started.IsSuccessStatusCode)
                throw new InvalidOperationException($"Tried to start players for {service} but the sandbox answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync(cancellationToken)}");
        }
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                var report = await ReportAsync(http, service, cancellationToken);
                if (!report.GetProperty("running").GetBoolean())
                    return report;
                progress(report);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C stops the players too, so that nothing keeps loading the service behind the user's back.
            (await http.DeleteAsync($"/_sandbox/players/{Uri.EscapeDataString(service)}", CancellationToken.None)).Dispose();
            throw;
        }
    }

    private static async Task<JsonElement> ReportAsync(HttpClient http, string service, CancellationToken cancellationToken)
    {
        var runs = (await http.GetFromJsonAsync<JsonElement>("/_sandbox/players", cancellationToken)).GetProperty("runs");
        return runs.EnumerateArray().First(r => r.GetProperty("service").GetString() == service);
    }

    public static string Describe(JsonElement r) =>
        $"sent {r.GetProperty("sent")}, ok {r.GetProperty("succeeded")}, 4xx {r.GetProperty("clientErrors")}, 5xx {r.GetProperty("serverErrors")}, " +
        $"unreachable {r.GetProperty("unreachable")}, no task {r.GetProperty("skippedNoTarget")}; by track " +
        string.Join(", ", r.GetProperty("byTrack").EnumerateObject().Select(p => $"{p.Name} {p.Value}"));
}

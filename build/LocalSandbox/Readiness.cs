namespace LocalSandbox;

/// <summary>Waits until a component answers on its readiness URL, failing early when its process has died.</summary>
public static class Readiness
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<bool> AnswersAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public static async Task WaitAsync(DetachedProcess process, string url, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await AnswersAsync(url, cancellationToken))
        {
            if (!process.IsRunning && !await StillRunningAfterAMomentAsync(process, cancellationToken))
                throw new InvalidOperationException($"Tried to start the sandbox's {process.Name} but it exited; its log ({process.Layout.LogFile(process.Name)}) ends with:\n{process.LogTail()}");
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Tried to start the sandbox's {process.Name} but {url} did not answer within {limit.TotalSeconds:0} s; its log ends with:\n{process.LogTail()}");
            await Task.Delay(200, cancellationToken);
        }
    }

    // A process seen at the instant of its exec can look gone; a second look a moment later is the reliable one.
    private static async Task<bool> StillRunningAfterAMomentAsync(DetachedProcess process, CancellationToken cancellationToken)
    {
        await Task.Delay(300, cancellationToken);
        return process.IsRunning;
    }
}

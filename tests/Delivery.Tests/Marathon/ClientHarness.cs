using Delivery.Core.Pipelines;
using Delivery.Marathon;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Marathon;

/// <summary>A client wired to a <see cref="MarathonStub"/> and a fake clock, plus a way to let retries' waits pass.</summary>
internal sealed class ClientHarness
{
    public MarathonStub Stub { get; } = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    public IMarathonClient Client { get; }

    public ClientHarness(Dictionary<string, string>? variables = null, string? userVariable = null, string? passwordVariable = null)
    {
        var endpoint = new MarathonEndpoint(new Uri("http://127.0.0.1:18080"), userVariable, passwordVariable);
        Client = MarathonClientFactory.Create(endpoint, Time, name => variables?.GetValueOrDefault(name), Stub);
    }

    public TimeSpan Elapsed => Time.GetUtcNow() - Time.Start;

    /// <summary>Runs <paramref name="call"/>, moving the fake clock on in small steps while it waits (back-off delays).</summary>
    public async Task<T> Run<T>(Func<IMarathonClient, Task<T>> call)
    {
        var task = call(Client);
        for (var i = 0; !task.IsCompleted && i < 10_000; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }
        return await task;
    }
}

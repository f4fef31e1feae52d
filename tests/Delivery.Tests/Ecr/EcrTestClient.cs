using Delivery.Core.Pipelines;
using Delivery.Ecr;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Ecr;

internal static class EcrTestClient
{
    public static readonly EcrSpec Spec = new("123456789012", "us-east-1", new Uri("http://127.0.0.1:9/"));

    public static (EcrApiClient Client, ScriptedHandler Handler, FakeTimeProvider Time) Create(params Func<HttpRequestMessage, HttpResponseMessage>[] answers)
    {
        var handler = new ScriptedHandler(answers);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var client = new EcrApiClient(new HttpClient(handler), Spec, new StaticCredentialSource("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), time,
            new Delivery.Resilience.RetryOptions(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)));
        return (client, handler, time);
    }

    /// <summary>Runs a call that may sleep between retries, stepping the fake clock until it finishes.</summary>
    public static async Task<T> RunAdvancing<T>(FakeTimeProvider time, Func<Task<T>> call)
    {
        var task = call();
        for (var i = 0; i < 1000 && !task.IsCompleted; i++)
        {
            await Task.Yield();
            time.Advance(TimeSpan.FromSeconds(1));
        }
        return await task;
    }
}

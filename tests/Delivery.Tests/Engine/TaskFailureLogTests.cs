using System.Text.Json;
using Delivery.Core.Values;
using Delivery.Engine;
using Delivery.Marathon;

namespace Delivery.Tests.Engine;

public sealed class TaskFailureLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly Zone A = new("us-east-1a");

    private static MarathonApp App(params MarathonTask[] tasks) => new() { Id = "/games/lobby-canary", Tasks = [.. tasks] };

    private static MarathonEvent Event(string json) => MarathonEvent.FromFrame(null, json)!;

    [Fact]
    public void Observe_TaskFailedEventOnAKnownAgent_CountsInThatZone()
    {
        var log = new TaskFailureLog(T0);
        log.Learn(App(new MarathonTask { Id = "t1", SlaveId = "agent-1", Zone = "us-east-1a", State = "TASK_RUNNING" }), T0);

        log.Observe(Event("""{"eventType":"status_update_event","appId":"/games/lobby-canary","taskId":"t2","taskStatus":"TASK_FAILED","slaveId":"agent-1"}"""), T0.AddSeconds(3));
        log.Observe(Event("""{"eventType":"status_update_event","appId":"/games/lobby-canary","taskId":"t2","taskStatus":"TASK_FAILED","slaveId":"agent-1"}"""), T0.AddSeconds(4));
        log.Observe(Event("""{"eventType":"status_update_event","appId":"/games/lobby-canary","taskId":"t3","taskStatus":"TASK_KILLED","slaveId":"agent-1"}"""), T0.AddSeconds(5));

        Assert.Equal([T0.AddSeconds(3)], log.For("/games/lobby-canary", A));
        Assert.Empty(log.For("/games/lobby", A));
    }

    [Fact]
    public void Learn_LastTaskFailureSinceTheRunBegan_CountsEvenWithoutEvents()
    {
        var log = new TaskFailureLog(T0);
        var failure = JsonSerializer.SerializeToElement(new { taskId = "t9", state = "TASK_FAILED", slaveId = "agent-1", timestamp = "2026-11-26T12:00:07.000Z" });
        var old = JsonSerializer.SerializeToElement(new { taskId = "t0", state = "TASK_FAILED", slaveId = "agent-1", timestamp = "2026-11-26T11:00:00.000Z" });

        log.Learn(App(new MarathonTask { Id = "t1", SlaveId = "agent-1", Zone = "us-east-1a" }) with { Extra = new() { ["lastTaskFailure"] = old } }, T0);
        log.Learn(App(new MarathonTask { Id = "t1", SlaveId = "agent-1", Zone = "us-east-1a" }) with { Extra = new() { ["lastTaskFailure"] = failure } }, T0.AddSeconds(8));

        Assert.Equal([T0.AddSeconds(7)], log.For("/games/lobby-canary", A));
    }

    [Fact]
    public void Waiting_SameThingWithinTheInterval_SaidOnce()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var lines = new List<string>();
        var progress = new ProgressLog(lines.Add, time);

        progress.Waiting("canary health in us-east-1a", "waiting", T0);
        time.Advance(TimeSpan.FromSeconds(2));
        progress.Waiting("canary health in us-east-1a", "waiting", T0);
        progress.Waiting("stable upgrade", "upgrading", T0);
        time.Advance(TimeSpan.FromSeconds(4));
        progress.Waiting("canary health in us-east-1a", "waiting", T0);

        Assert.Equal(["waiting [canary health in us-east-1a, 0s]", "upgrading [stable upgrade, 2s]", "waiting [canary health in us-east-1a, 6s]"], lines);
    }
}

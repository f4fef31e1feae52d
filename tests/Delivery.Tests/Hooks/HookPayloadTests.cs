using System.Text.Json;
using Delivery.Core.Hooks;
using Delivery.Hooks;

namespace Delivery.Tests.Hooks;

public sealed class HookPayloadTests
{
    [Fact]
    public void ToJson_Payload_CamelCaseWithoutEvent()
    {
        using var json = JsonDocument.Parse(HookFixtures.Payload.ToJson());
        var root = json.RootElement;

        Assert.Equal("run-42", root.GetProperty("runId").GetString());
        Assert.Equal("fedc9876", root.GetProperty("stableRelease").GetProperty("commit").GetString());
        Assert.Equal(31001, root.GetProperty("canaryTasks")[0].GetProperty("ports")[0].GetInt32());
        Assert.False(root.TryGetProperty("event", out _));
    }

    [Fact]
    public void ToJson_FirstReleaseWithEvent_StableNullAndEventWritten()
    {
        var payload = HookFixtures.Payload with { StableRelease = null, Event = "start" };

        using var json = JsonDocument.Parse(payload.ToJson());

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("stableRelease").ValueKind);
        Assert.Equal("start", json.RootElement.GetProperty("event").GetString());
    }

    [Theory]
    [InlineData(450, "450ms")]
    [InlineData(30_000, "30s")]
    [InlineData(1_234, "1.2s")]
    public void Seconds_Duration_ShortForm(int milliseconds, string expected) =>
        Assert.Equal(expected, HookMessages.Seconds(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void ToString_Hook_NamesPhaseAndName() =>
        Assert.Equal("pre-rollout hook 'smoke'", HookFixtures.Bash("true").ToString());
}

using Delivery.Core.Canary;
using Delivery.Core.Values;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Canary;

public class CanaryStatusLabelsTests
{
    private static readonly CanaryStatus Full = Begun(new CanaryPolicy()) with
    {
        Phase = CanaryPhase.Paused, StepIndex = 2, CanaryPerZone = 2, StableTarget = 5,
        ExcludedZones = new ValueList<Zone>([C]), PausedZone = B, ErrorsSince = T0.AddMinutes(1),
        InconclusiveSince = T0.AddMinutes(2), Pause = new CanaryPause(PauseKind.ZoneFailure, CanaryReasons.ZoneFailure(B, "both down")),
        AbortReason = CanaryReasons.CanaryMissing(1), Canary = MakeRelease('d', '4', dirty: true),
    };

    public static TheoryData<CanaryStatus> Statuses() =>
    [
        Full, CanaryStatus.Idle, Begun(new CanaryPolicy()), Full with { Phase = CanaryPhase.RollingBack },
        Full with { ExcludedZones = new ValueList<Zone>([A, C]), PausedZone = null, Pause = null },
    ];

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Decode_EncodedStatus_RoundTrips(CanaryStatus status)
    {
        var decoded = CanaryStatusLabels.Decode(CanaryStatusLabels.Encode(status), "lobby");

        Assert.Equal(status, decoded);
    }

    // The label keeps only the reason; its code names the kind of pause, which decides what resuming does.
    [Theory]
    [InlineData(PauseKind.Step)]
    [InlineData(PauseKind.NoZonesLeft)]
    [InlineData(PauseKind.AnalysisInconclusive)]
    [InlineData(PauseKind.PromotionRefused)]
    [InlineData(PauseKind.Person)]
    public void Decode_PausedStatus_KeepsTheKindOfPause(PauseKind kind)
    {
        var reason = kind switch
        {
            PauseKind.Step => CanaryReasons.PausedByStep("approve"),
            PauseKind.NoZonesLeft => CanaryReasons.NoZonesLeft,
            PauseKind.AnalysisInconclusive => CanaryReasons.AnalysisInconclusive("no traffic"),
            PauseKind.PromotionRefused => CanaryReasons.PromotionRefused("smoke failed"),
            _ => CanaryReasons.StableMissing(null),
        };
        var status = Full with { PausedZone = null, Pause = new CanaryPause(kind, reason) };

        Assert.Equal(kind, CanaryStatusLabels.Decode(CanaryStatusLabels.Encode(status), "lobby").Pause?.Kind);
    }

    [Fact]
    public void Encode_Status_UsesOnlyDeliveryKeysAndStaysSmall()
    {
        var labels = CanaryStatusLabels.Encode(Full);

        Assert.All(labels.Keys, key => Assert.StartsWith(CanaryStatusLabels.Prefix, key));
        Assert.All(labels.Keys, key => Assert.Contains(key, CanaryStatusLabels.Keys));
        Assert.True(labels.Sum(pair => pair.Key.Length + pair.Value.Length) < 1500);
        Assert.Equal("1795694460", labels["delivery.errors-since"]);
    }

    [Fact]
    public void Encode_LongReason_IsCut()
    {
        var labels = CanaryStatusLabels.Encode(Full with { Pause = new CanaryPause(PauseKind.Person, new CanaryReason("X", new string('y', 1000))) });

        Assert.Equal(300, labels["delivery.pause-reason"].Length);
    }

    public static TheoryData<string, string?> Garbage() => new()
    {
        { "delivery.phase", null },
        { "delivery.phase", "Dancing" },
        { "delivery.phase", "42" },
        { "delivery.step", "two" },
        { "delivery.step", "-1" },
        { "delivery.step-started", "yesterday" },
        { "delivery.stable", "not a release" },
        { "delivery.canary", $"{new string('b', 40)} 127.0.0.1:5000/games/lobby:latest" },
        { "delivery.stable-size", null },
        { "delivery.excluded-zones", "us-east-1a,,US EAST" },
        { "delivery.paused-zone", "" },
        { "delivery.pause-reason", "no code here" },
        { "delivery.run", "" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Decode_MissingOrGarbledLabel_Unknown(string key, string? value)
    {
        var labels = new Dictionary<string, string>(CanaryStatusLabels.Encode(Full));
        if (value is null) labels.Remove(key);
        else labels[key] = value;

        Assert.Equal(CanaryStatus.Unknown, CanaryStatusLabels.Decode(labels, "lobby"));
    }

    [Fact]
    public void Decode_NoLabelsAtAll_Unknown()
    {
        Assert.Equal(CanaryPhase.Unknown, CanaryStatusLabels.Decode(null, "lobby").Phase);
        Assert.Equal(CanaryPhase.Unknown, CanaryStatusLabels.Decode(new Dictionary<string, string> { ["team"] = "games" }, "lobby").Phase);
    }

    [Fact]
    public void Decode_OtherLabelsBeside_Ignored()
    {
        var labels = new Dictionary<string, string>(CanaryStatusLabels.Encode(Full)) { ["HAPROXY_GROUP"] = "external" };

        Assert.Equal(Full, CanaryStatusLabels.Decode(labels, "lobby"));
    }

    [Fact]
    public void CanaryAppLabels_RoundTrip_DescribeTheRun()
    {
        var status = Begun(new CanaryPolicy());

        var facts = CanaryAppLabels.TryRead(CanaryAppLabels.For(status));

        Assert.Equal(new CanaryAppFacts("lobby", "run-1", Stable, Candidate, 9), facts);
    }

    [Fact]
    public void CanaryAppLabels_Garbled_Null()
    {
        var labels = new Dictionary<string, string>(CanaryAppLabels.For(Begun(new CanaryPolicy()))) { ["delivery.stable-size"] = "nine" };

        Assert.Null(CanaryAppLabels.TryRead(labels));
    }
}

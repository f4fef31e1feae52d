using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon;
using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Tests.Marathon;

// Marathon: core/deployment/ScalingProposition.scala and mesos/Constraints.scala selectInstancesToKill.
public sealed class ScaleDownSelectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Agent[] Agents = new[] { "a", "b", "c" }.Select((z, i) => new Agent(new AgentOptions($"agent-{z}", $"127.0.0.{i + 1}", "us-east-1", $"us-east-1{z}", 0, 0), i)).ToArray();

    private static AppSpec Spec(string killSelection = "YOUNGEST_FIRST", bool groupByZone = true)
    {
        var app = new JsonObject { ["id"] = "/a", ["cmd"] = "x", ["instances"] = 1, ["killSelection"] = killSelection, ["version"] = "v" };
        if (groupByZone) app["constraints"] = new JsonArray(new JsonArray("@zone", "GROUP_BY"));
        return AppSpec.From(app);
    }

    private static TaskRecord Task(string name, int agent, int startedMinute, string state = TaskStates.Running) => new()
    {
        Id = name, InstanceId = name, AppId = "/a", Version = "v", Agent = Agents[agent], Ports = [], ServicePorts = [], Cpus = 0, MemMb = 0,
        StagedAt = T0.AddMinutes(startedMinute), StartedAt = state == TaskStates.Running ? T0.AddMinutes(startedMinute) : null, State = state,
    };

    [Fact]
    public void Victims_YoungestAllInOneZone_SpreadStaysEvenInsteadOfEmptyingIt()
    {
        // Zone c's two tasks are the youngest: killing by age alone would empty it.
        var live = new[] { Task("a1", 0, 0), Task("a2", 0, 1), Task("b1", 1, 2), Task("b2", 1, 3), Task("c1", 2, 8), Task("c2", 2, 9) };

        var victims = ScaleDownSelection.Victims(Spec(), live, 3);

        Assert.Equal(["a", "b", "c"], victims.Select(t => t.Agent.Zone[^1..]).Order());
    }

    [Fact]
    public void Victims_UnevenSpread_KillsFromTheFullestZoneFirst()
    {
        var live = new[] { Task("a1", 0, 0), Task("a2", 0, 1), Task("a3", 0, 2), Task("b1", 1, 8), Task("c1", 2, 9) };

        var victims = ScaleDownSelection.Victims(Spec(), live, 2);

        Assert.All(victims, v => Assert.Equal("us-east-1a", v.Agent.Zone));
    }

    [Fact]
    public void Victims_NoConstraint_UnreachableThenStagingThenStartingThenRunning_HealthIgnored()
    {
        var unreachableAgent = new Agent(new AgentOptions("lost", "127.0.0.9", "us-east-1", "us-east-1c", 0, 0), 9) { Reachable = false };
        var live = new[]
        {
            Task("running-young", 0, 9), Task("starting", 0, 1, TaskStates.Starting), Task("staging", 0, 0, TaskStates.Staging),
            new TaskRecord { Id = "unreachable", InstanceId = "u", AppId = "/a", Version = "v", Agent = unreachableAgent, Ports = [], ServicePorts = [],
                Cpus = 0, MemMb = 0, StagedAt = T0, StartedAt = T0, State = TaskStates.Running },
        };

        var victims = ScaleDownSelection.Victims(Spec(groupByZone: false), live, 4);

        Assert.Equal(["unreachable", "staging", "starting", "running-young"], victims.Select(t => t.Id));
    }

    [Theory]
    [InlineData("YOUNGEST_FIRST", "r3")]
    [InlineData("OLDEST_FIRST", "r1")]
    public void Victims_SameCondition_ByStartTimePerKillSelection(string killSelection, string first)
    {
        var live = new[] { Task("r1", 0, 1), Task("r3", 0, 3), Task("r2", 0, 2) };

        Assert.Equal(first, ScaleDownSelection.Victims(Spec(killSelection, groupByZone: false), live, 1).Single().Id);
    }
}

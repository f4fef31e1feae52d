using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Scheduling;

/// <summary>Runtime calls decided under the state gate and performed after it is released.</summary>
public sealed class Effects
{
    public List<(TaskRecord Task, TaskLaunch Launch)> Launches { get; } = [];
    public List<TaskRecord> Kills { get; } = [];
    public List<(TaskRecord Task, HealthState Health, ProbeRequest Request)> Probes { get; } = [];
    public List<(TaskRecord Task, ReadinessState Readiness, ReadinessRequest Request)> ReadinessProbes { get; } = [];

    public bool ChangedTasks => Launches.Count > 0 || Kills.Count > 0;
    public bool IsEmpty => !ChangedTasks && Probes.Count == 0 && ReadinessProbes.Count == 0;
}

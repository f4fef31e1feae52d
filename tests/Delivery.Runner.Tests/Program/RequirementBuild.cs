using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

internal sealed class RequirementBuild : TestBuild
{
    [Parameter] readonly string? App;
    [Parameter] readonly string[] Zones = [];
    [Parameter(Name = "RegistryUrl")] readonly string? Registry;
    [Parameter] readonly bool Ready;

    public Target Bake => _ => _
        .Requires(() => App)
        .Executes(() => Ran.Add(nameof(Bake)));

    public Target Push => _ => _
        .DependsOn(Bake)
        .Requires(() => Registry)
        .Requires(() => Zones)
        .Executes(() => Ran.Add(nameof(Push)));

    public Target Deploy => _ => _
        .DependsOn(Push)
        .Requires(() => Ready)
        .Executes(() => Ran.Add(nameof(Deploy)));

    public Target Default => _ => _
        .DependsOn(Deploy);

    public Target Lint => _ => _
        .OnlyWhenStatic(() => false)
        .Requires(() => App)
        .Executes(() => Ran.Add(nameof(Lint)));
}

internal sealed class ConditionRequirementBuild : TestBuild
{
    [Parameter] readonly int Instances;

    public Target Default => _ => _
        .Requires(() => Instances > 0 && Instances < 10)
        .Executes(() => Ran.Add(nameof(Default)));
}

/// <summary>Two targets share a check that reports bad input as a value.</summary>
internal sealed class CheckRequirementBuild : TestBuild
{
    [Parameter] readonly string? Pipeline;

    Unmet? InputProblem() => Pipeline == "broken" ? new Unmet("pipelines/broken.yaml:3:5: unknown key 'zonez'; expected zones.") : null;

    public Target Bake => _ => _
        .Requires(() => InputProblem())
        .Executes(() => Ran.Add(nameof(Bake)));

    public Target Default => _ => _
        .DependsOn(Bake)
        .Requires(() => InputProblem())
        .Executes(() => Ran.Add(nameof(Default)));
}

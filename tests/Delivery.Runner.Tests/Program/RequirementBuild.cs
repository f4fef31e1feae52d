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

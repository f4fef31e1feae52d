using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

internal sealed class CycleBuild : TestBuild
{
    public Target Bake => _ => _.DependsOn(Push).Executes(() => { });
    public Target Push => _ => _.DependsOn(Bake).Executes(() => { });
    public Target Default => _ => _.DependsOn(Push);
}

internal sealed class SelfBuild : TestBuild
{
    public Target Default => _ => _.DependsOn(Default).Executes(() => { });
}

internal sealed class ReverseBuild : TestBuild
{
    public Target Default => _ => _.Executes(() => Ran.Add(nameof(Default)));
    public Target Lint => _ => _.DependentFor(Default).Executes(() => Ran.Add(nameof(Lint)));
    public Target Report => _ => _.TriggeredBy(Default).Executes(() => Ran.Add(nameof(Report)));
    public Target Prepare => _ => _.Before(Lint).DependentFor(Default).Executes(() => Ran.Add(nameof(Prepare)));
}

internal sealed class StrayReferenceBuild : TestBuild
{
    public Target Default => _ => _.DependsOn(d => d).Executes(() => { });
}

internal sealed class ThrowingDefinitionBuild : TestBuild
{
    [Parameter] readonly string[] Zones = [];

    public Target Default => _ => _.Description($"Deploys to {Zones[3]}").Executes(() => { });
}

/// <summary>A cycle among targets that Default does not need.</summary>
internal sealed class OffPlanCycleBuild : TestBuild
{
    public Target Default => _ => _.Executes(() => Ran.Add(nameof(Default)));
    public Target Bake => _ => _.After(Push).Executes(() => { });
    public Target Push => _ => _.After(Bake).Executes(() => { });
}

/// <summary>Lint and Format have no declared order between them, only declaration order.</summary>
internal sealed class UnorderedBuild : TestBuild
{
    public Target Lint => _ => _.Executes(() => Ran.Add(nameof(Lint)));
    public Target Format => _ => _.Executes(() => Ran.Add(nameof(Format)));
    public Target Default => _ => _.DependsOn(Lint, Format).Executes(() => Ran.Add(nameof(Default)));
    public Target Ordered => _ => _.DependsOn(Format).Executes(() => Ran.Add(nameof(Ordered)));
}

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

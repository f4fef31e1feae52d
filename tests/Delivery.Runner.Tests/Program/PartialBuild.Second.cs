namespace Delivery.Runner.Tests.Program;

internal sealed partial class PartialBuild
{
    public Target Middle => _ => _.Executes(() => Ran.Add(nameof(Middle)));
    public Target Default => _ => _.DependsOn(Middle, Alpha, Zeta);
}

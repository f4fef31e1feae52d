using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

// Declared across two files on purpose: ties in the plan follow metadata-token order, which is the
// order the compiler saw the declarations (this file's targets, then PartialBuild.Second.cs's).
internal sealed partial class PartialBuild : TestBuild
{
    public Target Zeta => _ => _.Executes(() => Ran.Add(nameof(Zeta)));
    public Target Alpha => _ => _.Executes(() => Ran.Add(nameof(Alpha)));
}

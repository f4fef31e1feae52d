using Delivery.Runner.Execution;
using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Execution;

public sealed class DefaultTargetNameTests
{
    [Fact]
    public void Of_PropertySelector_IsPropertyName()
    {
        Assert.Equal("Compile", DefaultTargetName.Of<DeployBuild>(x => x.Compile));
    }
}

using Delivery.Build.Execution;
using Delivery.Build.Tests.Support;

namespace Delivery.Build.Tests.Execution;

public sealed class DefaultTargetNameTests
{
    [Fact]
    public void Of_PropertySelector_IsPropertyName()
    {
        Assert.Equal("Compile", DefaultTargetName.Of<DeployBuild>(x => x.Compile));
    }
}

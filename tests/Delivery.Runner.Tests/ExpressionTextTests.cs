using System.Linq.Expressions;

namespace Delivery.Runner.Tests;

public sealed class ExpressionTextTests
{
    readonly int Instances = 3;
    readonly string? App = null;
    static bool Ready => true;

    static string Text<T>(Expression<Func<T>> expression) => ExpressionText.Of(expression.Body);

    [Fact]
    public void Of_Members_DropInstanceAndClosurePrefixes()
    {
        var local = 5;
        Assert.Equal("Instances < local", Text(() => Instances < local));
        Assert.Equal("Ready", Text(() => Ready));
    }

    [Fact]
    public void Of_Operators_KeepOnlyNeededParentheses()
    {
        Assert.Equal("Instances > 0 && Instances < 10", Text(() => Instances > 0 && Instances < 10));
        Assert.Equal("(Ready || Instances == 1) && App != null", Text(() => (Ready || Instances == 1) && App != null));
        Assert.Equal("!Ready", Text(() => !Ready));
    }

    [Fact]
    public void Of_MethodCall_ShowsReceiverAndArguments()
    {
        Assert.Equal("string.IsNullOrEmpty(App)", Text(() => string.IsNullOrEmpty(App)).Replace("String.", "string."));
    }
}

namespace Delivery.Runner.Tests;

public sealed class AbsolutePathTests
{
    [Fact]
    public void Slash_AppendsAndNormalises()
    {
        var root = new AbsolutePath("/repo/");

        Assert.Equal("/repo/src/app", (root / "src" / "./app").Value);
        Assert.Equal("/repo/other", (root / "src" / ".." / "other").ToString());
    }

    [Fact]
    public void Slash_AbsoluteRightSide_ReplacesLeft()
    {
        Assert.Equal(new AbsolutePath("/tmp/x"), new AbsolutePath("/repo") / "/tmp/x");
    }

    [Fact]
    public void Equality_IgnoresTrailingSeparator()
    {
        Assert.Equal(new AbsolutePath("/repo/src/"), new AbsolutePath("/repo/src"));
    }

    [Fact]
    public void Parent_OfRoot_Throws()
    {
        Assert.Equal(new AbsolutePath("/repo"), new AbsolutePath("/repo/src").Parent);
        Assert.True(new AbsolutePath("/").IsRoot);
        Assert.Throws<InvalidOperationException>(() => new AbsolutePath("/").Parent);
    }

    [Fact]
    public void ImplicitString_IsTheValue()
    {
        string text = new AbsolutePath("/repo") / "build.sh";

        Assert.Equal("/repo/build.sh", text);
    }
}

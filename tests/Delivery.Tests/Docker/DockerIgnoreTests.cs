using Delivery.Docker;

namespace Delivery.Tests.Docker;

public class DockerIgnoreTests
{
    // Rows follow Docker's documented examples (docs.docker.com "dockerignore") and moby/patternmatcher tests.
    [Theory]
    [InlineData("*/temp*", "somedir/temporary.txt", true)]
    [InlineData("*/temp*", "somedir/temp", true)]
    [InlineData("*/temp*", "temp", false)]
    [InlineData("*/*/temp*", "somedir/subdir/temporary.txt", true)]
    [InlineData("temp?", "tempa", true)]
    [InlineData("temp?", "tempab", false)]
    [InlineData("**/*.go", "a/b/c.go", true)]
    [InlineData("**/*.go", "c.go", true)]
    [InlineData("bin", "bin/Debug/app.dll", true)]
    [InlineData("/bin", "bin/x", true)]
    [InlineData("./obj/", "obj/x", true)]
    [InlineData("docs/**", "docs/a/b.md", true)]
    [InlineData("docs/**", "docsx/a.md", false)]
    [InlineData("[a-c]at", "bat", true)]
    [InlineData("[!a-c]at", "bat", false)]
    [InlineData("\\*star", "*star", true)]
    [InlineData("# comment", "# comment", false)]
    public void IsExcluded_Pattern_MatchesAsDocker(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse(pattern).IsExcluded(path));

    [Fact]
    public void IsExcluded_ExceptionAfterWildcard_ReincludesFile()
    {
        var ignore = DockerIgnore.Parse("*.md\n!README.md\n");

        Assert.True(ignore.IsExcluded("CHANGES.md"));
        Assert.False(ignore.IsExcluded("README.md"));
    }

    [Fact]
    public void IsExcluded_LaterRuleWins_ExclusionAfterException()
    {
        var ignore = DockerIgnore.Parse("*.md\n!README*.md\nREADME-secret.md\n");

        Assert.False(ignore.IsExcluded("README-public.md"));
        Assert.True(ignore.IsExcluded("README-secret.md"));
    }

    [Fact]
    public void IsExcluded_ExceptionInsideExcludedFolder_Reincluded()
    {
        var ignore = DockerIgnore.Parse("data\n!data/keep.txt\n");

        Assert.True(ignore.IsExcluded("data/drop.txt"));
        Assert.False(ignore.IsExcluded("data/keep.txt"));
        Assert.True(ignore.MayReincludeUnder("data"));
    }
}

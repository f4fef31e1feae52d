using Delivery.Runner.CI;
using YamlDotNet.RepresentationModel;

namespace Delivery.Runner.Tests.CI;

public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("ubuntu-latest", "ubuntu-latest")]
    [InlineData("./build.sh Deploy --app lobby", "./build.sh Deploy --app lobby")]
    [InlineData("${{ inputs.app }}", "${{ inputs.app }}")]
    [InlineData("$CI_PIPELINE_SOURCE == \"web\" && $APP", "$CI_PIPELINE_SOURCE == \"web\" && $APP")]
    [InlineData("10.0.x", "10.0.x")]
    [InlineData("true", "'true'")]
    [InlineData("on", "'on'")]
    [InlineData("0", "'0'")]
    [InlineData("2026-11-29", "'2026-11-29'")]
    [InlineData("", "''")]
    [InlineData("Rollback: the release", "'Rollback: the release'")]
    [InlineData("a #b", "'a #b'")]
    [InlineData("*alias", "'*alias'")]
    [InlineData("-dash", "'-dash'")]
    [InlineData("it's", "it's")]
    [InlineData("'quoted'", "'''quoted'''")]
    public void Scalar_PlainOnlyWhenReadBackAsTheSameString(string text, string written)
    {
        Assert.Equal(written, YamlWriter.Scalar(new YamlScalar(text)));

        var parsed = Yaml.Parse(YamlWriter.Write(new YamlMap().Add("key", text), []));
        Assert.Equal(text, Yaml.Text(parsed, "key"));
    }

    [Fact]
    public void Write_NestedMapsSequencesAndComments()
    {
        var document = new YamlMap()
            .Add("name", "deploy")
            .Add("steps", new YamlList()
                .Add(new YamlMap().Add("uses", "actions/checkout@v4").Add("with", new YamlMap().Add("fetch-depth", 0)))
                .Add(new YamlMap().Add("run", "./build.sh Test").Add("if", "always()", "Why: a reason.")))
            .Add("push", (Delivery.Runner.CI.YamlNode?)null)
            .Add("needs", new YamlList())
            .Add("path", "a/\nb/");

        var text = YamlWriter.Write(document, ["Generated.", ""]);

        Assert.Equal(
            "# Generated.\n#\nname: deploy\nsteps:\n  - uses: actions/checkout@v4\n    with:\n      fetch-depth: 0\n" +
            "  - run: ./build.sh Test\n    # Why: a reason.\n    if: always()\npush:\nneeds: []\npath: |-\n  a/\n  b/\n", text);
        var parsed = Yaml.Parse(text);
        Assert.Equal("a/\nb/", Yaml.Text(parsed, "path"));
        Assert.Equal(2, Yaml.Seq(parsed, "steps").Children.Count);
    }

    [Fact]
    public void Add_SameKeyTwice_Throws()
    {
        var map = new YamlMap().Add("jobs", "a");

        Assert.Throws<InvalidOperationException>(() => map.Add("jobs", "b"));
    }
}

using LocalSandbox;

namespace Delivery.Sandbox.Tests.LocalSandbox;

/// <summary>
/// The build program's reading of apt's sources (build/LocalSandbox/DebianMirror.cs, compiled in here): samples in the
/// two formats of sources.list(5), as Debian's own images and installers write them.
/// </summary>
public sealed class DebianMirrorTests
{
    [Fact]
    public void In_Deb822WithSecurityStanza_TakesTheMainMirror()
    {
        const string sources = """
            Types: deb
            URIs: http://mirror.example/debian/
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://mirror.example/debian-security
            Suites: bookworm-security
            Components: main
            """;

        Assert.Equal("http://mirror.example/debian", DebianMirror.In(sources, deb822: true, "bookworm"));
    }

    [Fact]
    public void In_Deb822DisabledStanzaCommentsAndContinuedValues_SkipsTheDisabledOne()
    {
        const string sources = """
            # the first one is off
            Types: deb
            URIs: http://off.example/debian
            Suites: bookworm
            Components: main
            Enabled: no

            types: deb-src deb
            uris: http://first.example/debian
              http://second.example/debian
            suites:
              bookworm
            components: main contrib
            """;

        Assert.Equal("http://first.example/debian", DebianMirror.In(sources, deb822: true, "bookworm"));
    }

    [Fact]
    public void In_OneLineWithOptionsCommentsAndSourceLines_TakesTheFirstBinaryMain()
    {
        const string sources = """
            # deb http://commented.example/debian bookworm main
            deb-src http://source.example/debian bookworm main
            deb [arch=amd64 signed-by=/usr/share/keyrings/other.gpg] https://other.example/linux/debian bookworm stable
            deb [ arch=amd64 ] http://mirror.example/debian bookworm main contrib # the mirror
            deb http://later.example/debian bookworm main
            """;

        Assert.Equal("http://mirror.example/debian", DebianMirror.In(sources, deb822: false, "bookworm"));
    }

    [Theory]
    [InlineData("deb http://mirror.example/debian-security bookworm-security main", false)]
    [InlineData("deb http://mirror.example/debian trixie main", false)]
    [InlineData("deb https://packages.example/apt cloud-sdk-bookworm main", false)]
    [InlineData("Types: deb\nURIs: https://packages.example/node\nSuites: nodistro\nComponents: main", true)]
    [InlineData("", true)]
    public void In_NoEntryForTheSuitesMain_IsNull(string sources, bool deb822)
    {
        Assert.Null(DebianMirror.In(sources, deb822, "bookworm"));
    }

    [Fact]
    public void Locations_AptConfigShellOutput_AreTheFilesAptReads()
    {
        var locations = DebianMirror.Locations("LIST='/opt/apt/sources.list'\nPARTS='/opt/apt/sources.list.d/'\n", ("/etc/a", "/etc/b/"));

        Assert.Equal(("/opt/apt/sources.list", "/opt/apt/sources.list.d/"), locations);
    }

    [Fact]
    public void Locations_NothingSaid_AreTheDefaults() =>
        Assert.Equal(("/etc/a", "/etc/b/"), DebianMirror.Locations("", ("/etc/a", "/etc/b/")));
}

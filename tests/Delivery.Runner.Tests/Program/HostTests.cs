using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

public sealed class HostTests : IDisposable
{
    readonly BuildRun _run = new();

    [Fact]
    public void FieldInitialiser_OnTerminal_SeesLocalBuild()
    {
        _run.Run<HostBuild>("--no-logo");

        var build = (HostBuild)_run.Build!;
        Assert.Equal(0, _run.ExitCode);
        Assert.Equal(Flavour.Debug, build.Configuration);
        Assert.Equal(Host.Terminal, build.SeenHost);
    }

    [Theory]
    [InlineData("CI", "true", Host.Server)]
    [InlineData("GITHUB_ACTIONS", "true", Host.GitHubActions)]
    [InlineData("GITLAB_CI", "true", Host.GitLab)]
    public void FieldInitialiser_OnCiServer_SeesServerBuild(string variable, string value, Host expected)
    {
        _run.Environment[variable] = value;

        _run.Run<HostBuild>("--no-logo");

        var build = (HostBuild)_run.Build!;
        Assert.Equal(Flavour.Release, build.Configuration);
        Assert.Equal(expected, build.SeenHost);
    }

    [Fact]
    public void HostOption_OverridesTheEnvironment()
    {
        _run.Environment["CI"] = "true";

        _run.Run<HostBuild>("--no-logo", "--host", "terminal");

        Assert.Equal(Host.Terminal, ((HostBuild)_run.Build!).SeenHost);
        Assert.Equal(Flavour.Debug, ((HostBuild)_run.Build!).Configuration);
    }

    [Fact]
    public void HostOption_UnknownHost_ListsTheHosts()
    {
        _run.Run<HostBuild>("--host", "jenkins");

        Assert.Equal(3, _run.ExitCode);
        Assert.Equal("Parameter '--host' got 'jenkins', but expects one of Terminal, GitHubActions, GitLab, Server.\n", _run.Output);
    }

    [Fact]
    public void Constructor_Throws_OneLineAndExitCodeOne()
    {
        _run.Run<ThrowingConstructorBuild>();

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("The build class ThrowingConstructorBuild could not be created: InvalidOperationException: no settings file\n", _run.Output);
    }

    [Fact]
    public void StaticInitialiser_Throws_ShowsItsCause()
    {
        _run.Run<ThrowingStaticBuild>();

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("The build class ThrowingStaticBuild could not be created: FormatException: The input string 'bad port' was not in a correct format.\n", _run.Output);
    }

    sealed class ThrowingStaticBuild : TestBuild
    {
        static readonly int Port;

        // An explicit static constructor runs before the first instance is made, as a build's Main would see it.
        static ThrowingStaticBuild() => Port = int.Parse("bad port", System.Globalization.CultureInfo.InvariantCulture);

        public Target Default => _ => _.Executes(() => Ran.Add(Port.ToString()));
    }

    sealed class HostBuild : TestBuild
    {
        // NUKE's template line: the host is known before the build object exists.
        public readonly Flavour Configuration = IsLocalBuild ? Flavour.Debug : Flavour.Release;

        public Host SeenHost { get; private set; }

        protected override int InvocationErrorExitCode => 3;

        public Target Default => _ => _.Executes(() => SeenHost = Host);
    }

    sealed class ThrowingConstructorBuild : TestBuild
    {
        public ThrowingConstructorBuild() => throw new InvalidOperationException("no settings file");

        public Target Default => _ => _.Executes(() => { });
    }

    public void Dispose() => _run.Dispose();
}

using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

public sealed class ParameterTests : IDisposable
{
    readonly BuildRun _run = new();
    readonly DeployBuild _build = new();

    [Fact]
    public void Run_CommandLine_SetsEveryKindOfParameter()
    {
        _run.Run(_build, "--app", "lobby", "--instances", "4", "--zones", "a,b", "c", "--watch", "30s",
            "--configuration", "release", "--dry-run", "--artifacts", "out", "--ratio", "0.5");

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal("lobby", _build.AppValue);
        Assert.Equal(4, _build.InstancesValue);
        Assert.Equal(["a", "b", "c"], _build.ZonesValue);
        Assert.Equal(TimeSpan.FromSeconds(30), _build.WatchValue);
        Assert.Equal(Flavour.Release, _build.ConfigurationValue);
        Assert.True(_build.DryRunValue);
        Assert.Equal(new AbsolutePath(Path.Combine(_run.Root, "out")), _build.ArtifactsValue);
        Assert.Equal(0.5, _build.CanaryRatioValue);
    }

    [Fact]
    public void Run_NoSource_KeepsInitialisers()
    {
        _run.Run(_build);

        Assert.Null(_build.AppValue);
        Assert.Equal(2, _build.InstancesValue);
        Assert.Equal(TimeSpan.FromMinutes(5), _build.WatchValue);
    }

    [Fact]
    public void Run_AllThreeSources_CommandLineWinsOverEnvironmentOverFile()
    {
        _run.WriteFile(".nuke/parameters.json", """{ "App": "from-file", "Instances": 7, "Zones": ["f1", "f2"] }""");
        _run.Environment["APP"] = "from-env";
        _run.Environment["INSTANCES"] = "5";

        _run.Run(_build, "--app", "from-cli");

        Assert.Equal("from-cli", _build.AppValue);
        Assert.Equal(5, _build.InstancesValue);
        Assert.Equal(["f1", "f2"], _build.ZonesValue);
    }

    [Fact]
    public void Run_HelpText_StatesThePrecedence()
    {
        _run.Run(_build, "--help");

        Assert.Contains("Values are taken from the command line first, then environment variables", _run.Output);
    }

    [Fact]
    public void Run_Profile_WinsOverDefaultFile()
    {
        _run.WriteFile(".nuke/parameters.json", """{ "App": "default", "Instances": 3 }""");
        _run.WriteFile(".nuke/parameters.prod.json", """{ "App": "production" }""");

        _run.Run(_build, "--profile", "prod");

        Assert.Equal("production", _build.AppValue);
        Assert.Equal(3, _build.InstancesValue);
    }

    [Fact]
    public void Run_MissingProfile_FailsBeforeAnythingRuns()
    {
        _run.Run(_build, "--profile", "staging");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Profile 'staging' not found: '.nuke/parameters.staging.json' does not exist.\n", _run.Output);
        Assert.Empty(_build.Ran);
    }

    [Theory]
    [InlineData("App")]
    [InlineData("app")]
    [InlineData("NUKE_APP")]
    [InlineData("nuke-app")]
    public void Run_EnvironmentName_MatchesIgnoringCaseAndPrefix(string variable)
    {
        _run.Environment[variable] = "lobby";

        _run.Run(_build);

        Assert.Equal("lobby", _build.AppValue);
    }

    [Fact]
    public void Run_EnvironmentExactName_WinsOverLooseMatches()
    {
        _run.Environment["App"] = "exact";
        _run.Environment["NUKE_APP"] = "loose";

        _run.Run(_build);

        Assert.Equal("exact", _build.AppValue);
    }

    [Fact]
    public void Run_AmbiguousEnvironment_WarnsAndIgnores()
    {
        _run.Environment["APP"] = "one";
        _run.Environment["NUKE_APP"] = "two";

        _run.Run(_build);

        Assert.Null(_build.AppValue);
        Assert.Contains("[WRN] Parameter '--app' is ignored from the environment: APP, NUKE_APP all match it.", _run.Output);
    }

    [Fact]
    public void Run_EnvironmentArrayWithSeparator_SplitsOnIt()
    {
        _run.Environment["ZONES"] = "a,b";
        _run.Run(_build);
        Assert.Equal(["a", "b"], _build.ZonesValue);
    }

    [Fact]
    public void Run_ConversionFailure_NamesParameterValueAndType()
    {
        _run.Run(_build, "Push", "--app", "lobby", "--instances", "many");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Parameter '--instances' got 'many' from the command line, but expects a whole number.\n", _run.Output);
        Assert.Empty(_build.Ran);
    }

    [Fact]
    public void Run_ConversionFailureFromFile_NamesTheFile()
    {
        _run.WriteFile(".nuke/parameters.json", """{ "Watch": "soon" }""");

        _run.Run(_build);

        Assert.Equal("Parameter '--watch' got 'soon' from '.nuke/parameters.json', but expects a duration such as 30s, 5m, 1h or hh:mm:ss.\n", _run.Output);
    }

    [Theory]
    [InlineData("--app", "Parameter '--app' is missing a value on the command line; it expects text.")]
    [InlineData("--instances", "Parameter '--instances' is missing a value on the command line; it expects a whole number.")]
    public void Run_OptionWithoutValue_SaysAValueIsMissing(string option, string expected)
    {
        _run.Run(_build, "Push", option);

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal(expected + "\n", _run.Output);
        Assert.Empty(_build.Ran);
    }

    [Fact]
    public void Run_BadEnum_ListsTheValues()
    {
        _run.Run(_build, "--configuration", "fast");

        Assert.Equal("Parameter '--configuration' got 'fast' from the command line, but expects one of Debug, Release.\n", _run.Output);
    }

    [Fact]
    public void Run_UnknownOption_SuggestsClosestName()
    {
        _run.Run(_build, "Push", "--ap", "lobby");

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal("Unknown option '--ap'. Did you mean '--app'?\n", _run.Output);
        Assert.Empty(_build.Ran);
    }

    [Fact]
    public void Run_UnknownOptionFarFromAll_PointsToHelp()
    {
        _run.Run(_build, "--completely-different");

        Assert.Equal("Unknown option '--completely-different'. Run with --help to see the parameters.\n", _run.Output);
    }

    [Fact]
    public void Run_InvalidParametersFile_SaysWhichFile()
    {
        _run.WriteFile(".nuke/parameters.json", "{ not json");

        _run.Run(_build);

        Assert.Equal(1, _run.ExitCode);
        Assert.StartsWith("Could not read '.nuke/parameters.json': ", _run.Output);
    }

    [Fact]
    public void Run_UnknownKeyInParametersFile_Warns()
    {
        _run.WriteFile(".nuke/parameters.json", """{ "$schema": "./build.schema.json", "Ap": "lobby" }""");

        _run.Run(_build);

        Assert.Equal(0, _run.ExitCode);
        Assert.Contains("[WRN] '.nuke/parameters.json' sets 'Ap', which is not a parameter of this build.", _run.Output);
    }

    [Fact]
    public void Run_Verbose_ShowsWhereEachValueCameFromWithoutSecrets()
    {
        _run.Environment["REGISTRY_PASSWORD"] = "pa55";

        _run.Run(_build, "--app", "lobby", "--verbosity", "verbose");

        Assert.Contains("[DBG] Parameter '--app' = lobby (from the command line)", _run.Output);
        Assert.Contains("[DBG] Parameter '--registry-password' = [secret] (from environment variable 'REGISTRY_PASSWORD')", _run.Output);
        Assert.DoesNotContain("pa55", _run.Output);
    }

    public void Dispose() => _run.Dispose();
}

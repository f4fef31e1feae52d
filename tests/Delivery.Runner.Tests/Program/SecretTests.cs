using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

public sealed class SecretTests : IDisposable
{
    readonly BuildRun _run = new();
    readonly DeployBuild _build = new();

    [Fact]
    public void Help_SecretParameter_ShowsNoDefault()
    {
        _run.Run(_build, "--help");

        Assert.Contains("--registry-password       Password of the image registry. Secret.\n", _run.Output);
        Assert.DoesNotContain("initial-password", _run.Output);
    }

    [Fact]
    public void Run_SecretFromEnvironment_IsRedactedFromLogAndSummary()
    {
        _run.Environment["REGISTRY_PASSWORD"] = "s3cr3t-value";

        _run.Run(_build, "Push", "--app", "lobby");

        Assert.Equal("s3cr3t-value", _build.RegistryPasswordValue);
        Assert.DoesNotContain("s3cr3t-value", _run.Output);
        Assert.Contains("[INF] Logging in with [secret]", _run.Output);
        Assert.Contains("// Digest: sha256:4f2a, Login: token [secret]", _run.Output);
    }

    [Fact]
    public void Run_SecretInitialiser_IsRedactedToo()
    {
        _run.Run(_build, "Push", "--app", "lobby");

        Assert.DoesNotContain("initial-password", _run.Output);
    }

    [Fact]
    public void Run_SecretInFailure_IsRedactedInErrorsAndSummary()
    {
        _build.PushFailure = new InvalidOperationException("login failed for hunter2");

        _run.Run(_build, "Push", "--app", "lobby", "--registry-password", "hunter2");

        Assert.DoesNotContain("hunter2", _run.Output);
        Assert.Contains("// InvalidOperationException: login failed for [secret]", _run.Output);
    }

    [Fact]
    public void Run_SecretWithBadValue_ConversionErrorDoesNotEchoIt()
    {
        var build = new SecretNumberBuild();

        _run.Run(build, "--pin", "12ab34");

        Assert.Equal("Parameter '--pin' got a value from the command line, but expects a whole number.\n", _run.Output);
    }

    sealed class SecretNumberBuild : TestBuild
    {
        [Parameter, Secret] readonly int Pin;
        public Target Default => _ => _.Executes(() => Ran.Add(Pin.ToString()));
    }

    public void Dispose() => _run.Dispose();
}

using Delivery.Core;
using Delivery.Ecr;

namespace Delivery.Tests.Ecr;

/// <summary>
/// The SDK's default chain, driven through environment variables. Instance-metadata lookups are switched off
/// (AWS_EC2_METADATA_DISABLED) so no test ever leaves loopback. Tests of this class run one after another.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class SdkCredentialSourceTests : IDisposable
{
    private static readonly string[] Variables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_EC2_METADATA_DISABLED", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
        // The web-identity and container-role sources would call STS or 169.254.170.2: cleared so nothing leaves loopback.
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"];
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly string _empty = Path.Combine(Path.GetTempPath(), "delivery-no-aws-" + Guid.NewGuid().ToString("N"));

    public SdkCredentialSourceTests()
    {
        foreach (var variable in Variables) Environment.SetEnvironmentVariable(variable, null);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        // Point the shared files at nothing, so a developer's ~/.aws never leaks into the result.
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", _empty);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", _empty);
    }

    [Fact]
    public async Task GetAsync_KeysInEnvironment_ResolvesThem()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT0001");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret");

        var credentials = await new SdkCredentialSource(null, "us-east-1").GetAsync(CancellationToken.None);

        Assert.Equal("AKIAENVIRONMENT0001", credentials.AccessKey);
    }

    [Fact]
    public async Task GetAsync_NothingConfigured_OneLineUserErrorWithoutSecrets()
    {
        var error = await Assert.ThrowsAsync<DeliveryException>(() => new SdkCredentialSource(null, "eu-west-1").GetAsync(CancellationToken.None));

        Assert.StartsWith("Resolve AWS credentials for ECR in eu-west-1 failed: none found", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task GetAsync_UnknownProfile_NamesTheProfile()
    {
        var error = await Assert.ThrowsAsync<DeliveryException>(() => new SdkCredentialSource("games-prod", "us-east-1").GetAsync(CancellationToken.None));

        Assert.Contains("profile 'games-prod'", error.Message);
    }

    public void Dispose()
    {
        foreach (var (variable, value) in _saved) Environment.SetEnvironmentVariable(variable, value);
    }
}

/// <summary>Tests that change process-wide environment variables run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}

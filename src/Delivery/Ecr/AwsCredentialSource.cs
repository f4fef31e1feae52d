using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Delivery.Core;

namespace Delivery.Ecr;

/// <summary>Where the AWS keys for signing come from. A port so tests can hand in fixed keys.</summary>
public interface IAwsCredentialSource
{
    Task<ImmutableCredentials> GetAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The SDK's own resolution: a named profile when the environment names one, else the default chain (environment
/// variables, shared profile, container role, instance role). The keys never leave this object except to sign.
/// </summary>
public sealed class SdkCredentialSource(string? profile, string region) : IAwsCredentialSource
{
    public async Task<ImmutableCredentials> GetAsync(CancellationToken cancellationToken)
    {
        AWSCredentials credentials;
        try
        {
            if (profile is not null)
            {
                if (!new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out credentials))
                    throw new DeliveryException($"Resolve AWS credentials for ECR in {region} failed: profile '{profile}' is not in the shared credentials or config file.");
            }
            else
            {
                credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null!).ConfigureAwait(false);
            }
            var immutable = await credentials.GetCredentialsAsync().ConfigureAwait(false);
            if (string.IsNullOrEmpty(immutable?.AccessKey) || string.IsNullOrEmpty(immutable.SecretKey))
                throw new DeliveryException($"Resolve AWS credentials for ECR in {region} failed: the credential source returned an empty key.");
            return immutable;
        }
        catch (AmazonClientException error)
        {
            // The SDK's message lists the sources it tried; it holds no secret.
            throw new DeliveryException(
                $"Resolve AWS credentials for ECR in {region} failed: none found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a role). {FirstLine(error.Message)}",
                error);
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

/// <summary>Fixed keys: the sandbox's test credentials, or a test's.</summary>
public sealed class StaticCredentialSource(string accessKey, string secretKey, string? sessionToken = null) : IAwsCredentialSource
{
    public Task<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ImmutableCredentials(accessKey, secretKey, sessionToken));

    public override string ToString() => $"static credentials {accessKey}";
}

using Delivery.Core;
using Delivery.Core.Values;

namespace Delivery.Ecr;

/// <summary>The ECR adapter behind <see cref="IEcrRegistry"/>: API calls, typed errors turned into one-line user errors.</summary>
public sealed class EcrRegistry : IEcrRegistry
{
    private readonly EcrApiClient _api;
    private readonly RegistryTokenCache _tokens;

    public EcrRegistry(EcrApiClient api, TimeProvider time)
    {
        _api = api;
        _tokens = new RegistryTokenCache(FetchLoginAsync, time);
    }

    public async Task<string> RegistryHostAsync(CancellationToken ct) => (await LoginAsync(ct).ConfigureAwait(false)).RegistryHost;

    public Task<RegistryLogin> LoginAsync(CancellationToken ct) => _tokens.GetAsync(ct);

    public void ForgetLogin() => _tokens.Invalidate();

    public async Task EnsureRepositoryAsync(string repository, CancellationToken ct)
    {
        var existing = await Guard($"find ECR repository '{repository}'", async () =>
        {
            try { return (await _api.DescribeRepositoriesAsync([repository], ct).ConfigureAwait(false)).Repositories.FirstOrDefault(); }
            catch (EcrApiException e) when (e.Kind == EcrErrorKind.RepositoryNotFound) { return null; }
        }).ConfigureAwait(false);

        if (existing is null)
        {
            await Guard($"create ECR repository '{repository}'", async () =>
            {
                // Another runner may create it between our two calls: that is the outcome we wanted.
                try { await _api.CreateRepositoryAsync(repository, ct).ConfigureAwait(false); }
                catch (EcrApiException e) when (e.Kind == EcrErrorKind.RepositoryAlreadyExists) { }
                return 0;
            }).ConfigureAwait(false);
        }
        else if (existing.ImageTagMutability is "MUTABLE")
        {
            // A tag names one commit's image forever; a mutable repository would let a re-push rewrite history.
            await Guard($"make ECR repository '{repository}' immutable",
                () => _api.PutImageTagMutabilityAsync(repository, "IMMUTABLE", ct)).ConfigureAwait(false);
        }
    }

    public async Task<Digest?> FindTagAsync(string repository, string tag, CancellationToken ct) =>
        await Guard($"look up tag '{tag}' in ECR repository '{repository}'", async () =>
        {
            try
            {
                var images = await _api.DescribeImagesAsync(repository, [new EcrImageId(ImageTag: tag)], ct).ConfigureAwait(false);
                var digest = images.ImageDetails.FirstOrDefault()?.ImageDigest;
                return digest is null ? null : Digest.Parse(digest);
            }
            catch (EcrApiException e) when (e.Kind is EcrErrorKind.ImageNotFound or EcrErrorKind.RepositoryNotFound) { return null; }
        }).ConfigureAwait(false);

    public async Task<RegistryManifest?> GetManifestAsync(string repository, string reference, CancellationToken ct) =>
        await Guard($"read manifest '{reference}' from ECR repository '{repository}'", async () =>
        {
            var id = Digest.TryParse(reference, out _) ? new EcrImageId(ImageDigest: reference) : new EcrImageId(ImageTag: reference);
            try
            {
                var result = await _api.BatchGetImageAsync(repository, [id], ct).ConfigureAwait(false);
                var image = result.Images.FirstOrDefault();
                if (image?.ImageManifest is null || image.ImageId.ImageDigest is null) return null;
                return new RegistryManifest(Digest.Parse(image.ImageId.ImageDigest), image.ImageManifestMediaType ?? "", image.ImageManifest);
            }
            catch (EcrApiException e) when (e.Kind == EcrErrorKind.RepositoryNotFound) { return null; }
        }).ConfigureAwait(false);

    private async Task<RegistryLogin> FetchLoginAsync(CancellationToken ct) =>
        await Guard("get an ECR authorization token", async () =>
        {
            var response = await _api.GetAuthorizationTokenAsync(ct).ConfigureAwait(false);
            var data = response.AuthorizationData.FirstOrDefault()
                ?? throw new DeliveryException($"Get an ECR authorization token from {_api.Endpoint} failed: the answer held no authorization data.");
            return RegistryLogin.FromAuthorizationData(data);
        }).ConfigureAwait(false);

    /// <summary>Turns API errors a user can fix into one line naming the action, the object and the cause.</summary>
    private async Task<T> Guard<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (EcrApiException e)
        {
            var where = $"(account {_api.Spec.AccountId}, region {_api.Spec.Region}, {_api.Endpoint.GetLeftPart(UriPartial.Authority)})";
            var cause = e.Kind switch
            {
                EcrErrorKind.UnrecognizedClient => "the access key is not recognised (wrong key, or wrong region/account)",
                EcrErrorKind.InvalidSignature => "the request signature was refused (wrong secret key, clock skew, or wrong region)",
                EcrErrorKind.MissingAuthentication => "the request carried no credentials",
                EcrErrorKind.ExpiredToken => "the session token has expired",
                EcrErrorKind.AccessDenied => "access denied by IAM policy",
                EcrErrorKind.Throttling => "ECR kept throttling the calls",
                EcrErrorKind.Server => "ECR kept failing with server errors",
                _ => $"{e.ErrorType}",
            };
            throw new DeliveryException($"Could not {action} {where}: {cause}: {e.Message}", e);
        }
    }
}

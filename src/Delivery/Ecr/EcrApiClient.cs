using System.Net.Http.Headers;
using System.Text.Json;
using Delivery.Core;
using Delivery.Core.Pipelines;
using Delivery.Resilience;
using Polly;

namespace Delivery.Ecr;

/// <summary>
/// ECR's control-plane API over AWS JSON 1.1 (every call is <c>POST /</c> with <c>X-Amz-Target</c>), signed with
/// SigV4, with back-off on throttling and server faults. AWSSDK.ECR is not available, so this speaks the wire
/// protocol directly.
/// </summary>
public sealed class EcrApiClient
{
    private const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921.";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");

    private readonly HttpClient _http;
    private readonly IAwsCredentialSource _credentials;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _retry;

    public EcrSpec Spec { get; }
    public Uri Endpoint { get; }

    public EcrApiClient(HttpClient http, EcrSpec spec, IAwsCredentialSource credentials, TimeProvider time, RetryOptions? retry = null)
    {
        _http = http;
        Spec = spec;
        _credentials = credentials;
        _time = time;
        _retry = Retries.Pipeline(retry ?? RetryOptions.Ecr, time, (error, token) => IsTransient(error) && !token.IsCancellationRequested);
        Endpoint = spec.Endpoint ?? new Uri($"https://api.ecr.{spec.Region}.amazonaws.com/");
    }

    public Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(CancellationToken ct) =>
        CallAsync<GetAuthorizationTokenResponse>("GetAuthorizationToken", new { }, ct);

    public Task<DescribeRepositoriesResponse> DescribeRepositoriesAsync(IReadOnlyList<string> names, CancellationToken ct) =>
        CallAsync<DescribeRepositoriesResponse>("DescribeRepositories", new { registryId = Spec.AccountId, repositoryNames = names }, ct);

    /// <summary>Creates a repository with immutable tags and scan-on-push: one image per commit, ever.</summary>
    public Task<CreateRepositoryResponse> CreateRepositoryAsync(string name, CancellationToken ct) =>
        CallAsync<CreateRepositoryResponse>("CreateRepository", new
        {
            registryId = Spec.AccountId,
            repositoryName = name,
            imageTagMutability = "IMMUTABLE",
            imageScanningConfiguration = new { scanOnPush = true },
        }, ct);

    public Task<DescribeImagesResponse> DescribeImagesAsync(string repository, IReadOnlyList<EcrImageId> ids, CancellationToken ct) =>
        CallAsync<DescribeImagesResponse>("DescribeImages", new { registryId = Spec.AccountId, repositoryName = repository, imageIds = ids }, ct);

    public Task<BatchGetImageResponse> BatchGetImageAsync(string repository, IReadOnlyList<EcrImageId> ids, CancellationToken ct) =>
        CallAsync<BatchGetImageResponse>("BatchGetImage", new
        {
            registryId = Spec.AccountId,
            repositoryName = repository,
            imageIds = ids,
            acceptedMediaTypes = new[]
            {
                "application/vnd.docker.distribution.manifest.v2+json",
                "application/vnd.oci.image.manifest.v1+json",
            },
        }, ct);

    public Task<PutImageTagMutabilityResponse> PutImageTagMutabilityAsync(string repository, string mutability, CancellationToken ct) =>
        CallAsync<PutImageTagMutabilityResponse>("PutImageTagMutability", new { registryId = Spec.AccountId, repositoryName = repository, imageTagMutability = mutability }, ct);

    /// <summary>One operation, retried with back-off while the failure is throttling, a server fault or a dropped connection.</summary>
    public async Task<T> CallAsync<T>(string operation, object input, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(input, EcrJson.Options);
        try
        {
            return await _retry.ExecuteAsync(async token => await SendOnceAsync<T>(operation, body, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (HttpRequestException error) when (error.StatusCode is null)
        {
            throw new DeliveryException($"Call ECR {operation} at {Endpoint} failed: the endpoint is unreachable ({error.Message}).", error);
        }
        catch (TaskCanceledException error) when (!ct.IsCancellationRequested)
        {
            throw new DeliveryException($"Call ECR {operation} at {Endpoint} failed: no answer within {_http.Timeout.TotalSeconds:0} s.", error);
        }
    }

    /// <summary>
    /// Throttling and server faults only: a client fault is answered the same way every time, so retrying it only
    /// delays the clear error.
    /// </summary>
    private static bool IsTransient(Exception error) => error switch
    {
        EcrApiException api => api.IsRetryable,
        // A connection reset or timeout mid-call: the JSON API operations Delivery uses are idempotent reads or
        // idempotent-by-checking writes, so another try is safe.
        HttpRequestException { StatusCode: null } => true,
        // HttpClient's own timeout (the caller's token is checked before retrying).
        TaskCanceledException => true,
        _ => false,
    };

    private async Task<T> SendOnceAsync<T>(string operation, byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + operation);
        var credentials = await _credentials.GetAsync(ct).ConfigureAwait(false);
        SigV4Signer.Sign(request, body, credentials, Spec.Region, _time.GetUtcNow().UtcDateTime);

        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            try
            {
                return JsonSerializer.Deserialize<T>(text, EcrJson.Options)
                    ?? throw new EcrApiException(operation, response.StatusCode, "EmptyResponse", "the response body was empty");
            }
            catch (JsonException)
            {
                // A proxy's HTML page answered 200 in ECR's place: say so instead of failing deep in the parser.
                var start = text.Length > 120 ? text[..120] + "…" : text;
                throw new EcrApiException(operation, response.StatusCode, "UnreadableResponse", $"the answer is not ECR's JSON: {start}");
            }
        }
        throw ToException(operation, response, text);
    }

    internal static EcrApiException ToException(string operation, HttpResponseMessage response, string body)
    {
        EcrErrorBody? error = null;
        try { error = JsonSerializer.Deserialize<EcrErrorBody>(body, EcrJson.Options); }
        catch (JsonException) { /* a gateway's HTML page: fall back to the header and the status */ }
        var header = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        var type = EcrApiException.NormaliseErrorType(error?.Type, header);
        var message = error?.Message ?? error?.CapitalMessage ?? Truncate(body);
        return new EcrApiException(operation, response.StatusCode, type, message);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

}

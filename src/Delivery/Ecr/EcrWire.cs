using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Ecr;

// ECR's JSON 1.1 shapes (botocore ecr/2015-09-21 service-2.json), only the members Delivery reads or sends.
// Digests stay strings here: the published examples carry placeholder digests, and the wire model must accept them.

public sealed record EcrImageId(
    [property: JsonPropertyName("imageDigest")] string? ImageDigest = null,
    [property: JsonPropertyName("imageTag")] string? ImageTag = null);

public sealed record EcrRepository(
    [property: JsonPropertyName("repositoryArn")] string? RepositoryArn,
    [property: JsonPropertyName("registryId")] string? RegistryId,
    [property: JsonPropertyName("repositoryName")] string RepositoryName,
    [property: JsonPropertyName("repositoryUri")] string? RepositoryUri = null,
    [property: JsonPropertyName("createdAt")] double? CreatedAt = null,
    [property: JsonPropertyName("imageTagMutability")] string? ImageTagMutability = null);

public sealed record EcrImageDetail(
    [property: JsonPropertyName("repositoryName")] string? RepositoryName,
    [property: JsonPropertyName("imageDigest")] string ImageDigest,
    [property: JsonPropertyName("imageTags")] IReadOnlyList<string>? ImageTags = null,
    [property: JsonPropertyName("imageSizeInBytes")] long? ImageSizeInBytes = null,
    [property: JsonPropertyName("imagePushedAt")] double? ImagePushedAt = null,
    [property: JsonPropertyName("imageManifestMediaType")] string? ImageManifestMediaType = null);

public sealed record EcrImage(
    [property: JsonPropertyName("repositoryName")] string? RepositoryName,
    [property: JsonPropertyName("imageId")] EcrImageId ImageId,
    [property: JsonPropertyName("imageManifest")] string? ImageManifest = null,
    [property: JsonPropertyName("imageManifestMediaType")] string? ImageManifestMediaType = null);

public sealed record EcrImageFailure(
    [property: JsonPropertyName("imageId")] EcrImageId? ImageId,
    [property: JsonPropertyName("failureCode")] string? FailureCode,
    [property: JsonPropertyName("failureReason")] string? FailureReason);

public sealed record EcrAuthorizationData(
    [property: JsonPropertyName("authorizationToken")] string AuthorizationToken,
    [property: JsonPropertyName("expiresAt")] double ExpiresAt,
    [property: JsonPropertyName("proxyEndpoint")] string ProxyEndpoint);

public sealed record GetAuthorizationTokenResponse(
    [property: JsonPropertyName("authorizationData")] IReadOnlyList<EcrAuthorizationData> AuthorizationData);

public sealed record DescribeRepositoriesResponse(
    [property: JsonPropertyName("repositories")] IReadOnlyList<EcrRepository> Repositories,
    [property: JsonPropertyName("nextToken")] string? NextToken = null);

public sealed record CreateRepositoryResponse([property: JsonPropertyName("repository")] EcrRepository Repository);

public sealed record DescribeImagesResponse(
    [property: JsonPropertyName("imageDetails")] IReadOnlyList<EcrImageDetail> ImageDetails,
    [property: JsonPropertyName("nextToken")] string? NextToken = null);

public sealed record BatchGetImageResponse(
    [property: JsonPropertyName("images")] IReadOnlyList<EcrImage> Images,
    [property: JsonPropertyName("failures")] IReadOnlyList<EcrImageFailure>? Failures = null);

public sealed record PutImageTagMutabilityResponse(
    [property: JsonPropertyName("repositoryName")] string RepositoryName,
    [property: JsonPropertyName("imageTagMutability")] string ImageTagMutability);

/// <summary>The error envelope of the JSON 1.1 protocol: <c>{"__type": "...", "message": "..."}</c>.</summary>
public sealed record EcrErrorBody(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? Message,
    // Some services (and older gateways) capitalise it.
    [property: JsonPropertyName("Message")] string? CapitalMessage = null);

internal static class EcrJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
    };
}

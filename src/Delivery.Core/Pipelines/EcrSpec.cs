namespace Delivery.Core.Pipelines;

/// <summary>Where images go: the <c>ecr:</c> section of <c>pipelines/environments/&lt;env&gt;.yaml</c>.</summary>
/// <param name="AccountId">12-digit AWS account id (the registry id).</param>
/// <param name="Region">AWS region, e.g. <c>us-east-1</c>; also the SigV4 signing region.</param>
/// <param name="Endpoint">ECR API endpoint override (the sandbox's emulator); null = <c>https://api.ecr.&lt;region&gt;.amazonaws.com</c>.</param>
/// <param name="Profile">AWS shared-credentials profile to use; null = the SDK's default chain.</param>
public sealed record EcrSpec(string AccountId, string Region, Uri? Endpoint = null, string? Profile = null);

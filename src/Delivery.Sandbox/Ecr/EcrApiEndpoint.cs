using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Delivery.Sandbox.Ecr;

/// <summary>A modelled ECR error raised by an operation; becomes <c>{"__type", "message"}</c> with its status.</summary>
public sealed class EcrFault(string type, string message, int status = 400) : Exception(message)
{
    public string Type { get; } = type;
    public int Status { get; } = status;
}

/// <summary>
/// ECR's JSON 1.1 API: <c>POST /</c>, routed on <c>X-Amz-Target</c>, SigV4 checked first.
/// </summary>
public sealed class EcrApiEndpoint(SigV4Verifier verifier, EcrRepositoryOperations repositories, EcrImageOperations images)
{
    private const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921.";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();

        if (verifier.Verify(request, body) is { } refused)
        {
            await WriteError(context, refused.Status, refused.Type, refused.Message).ConfigureAwait(false);
            return;
        }
        var target = request.Headers["X-Amz-Target"].ToString();
        if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal))
        {
            await WriteError(context, 400, "UnknownOperationException", "").ConfigureAwait(false);
            return;
        }
        JsonObject input;
        try { input = body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? throw new EcrFault("SerializationException", "Start of structure or map found where not expected."); }
        catch (System.Text.Json.JsonException) { await WriteError(context, 400, "SerializationException", "Unable to parse the request body as JSON.").ConfigureAwait(false); return; }
        catch (EcrFault fault) { await WriteError(context, fault.Status, fault.Type, fault.Message).ConfigureAwait(false); return; }

        try
        {
            var output = await DispatchAsync(target[TargetPrefix.Length..], input, context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await context.Response.WriteAsync(output.ToJsonString(EcrJsonText.Options), context.RequestAborted).ConfigureAwait(false);
        }
        catch (EcrFault fault)
        {
            await WriteError(context, fault.Status, fault.Type, fault.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A member of the wrong JSON type (a number for a name, an object for a list), as AWS's deserialiser says.
            await WriteError(context, 400, "SerializationException", e.Message).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // The registry behind the emulator is down: a server fault, which clients retry.
            await WriteError(context, 500, "ServerException", $"The image store is unavailable: {e.Message}").ConfigureAwait(false);
        }
    }

    private Task<JsonObject> DispatchAsync(string operation, JsonObject input, CancellationToken ct) => operation switch
    {
        "GetAuthorizationToken" => Task.FromResult(repositories.GetAuthorizationToken()),
        "CreateRepository" => Task.FromResult(repositories.Create(input)),
        "DescribeRepositories" => Task.FromResult(repositories.Describe(input)),
        "DeleteRepository" => Task.FromResult(repositories.Delete(input)),
        "PutImageTagMutability" => Task.FromResult(repositories.PutImageTagMutability(input)),
        "DescribeImages" => Task.FromResult(images.DescribeImages(input)),
        "ListImages" => Task.FromResult(images.ListImages(input)),
        "BatchGetImage" => Task.FromResult(images.BatchGetImage(input)),
        "BatchDeleteImage" => images.BatchDeleteImageAsync(input, ct),
        "PutImage" => images.PutImageAsync(input, ct),
        "BatchCheckLayerAvailability" => images.BatchCheckLayerAvailabilityAsync(input, ct),
        _ => throw new EcrFault("UnknownOperationException", $"The operation {operation} is not supported by the sandbox's ECR."),
    };

    public static Task WriteError(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-ErrorType"] = type;
        return context.Response.WriteAsync(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(EcrJsonText.Options));
    }
}

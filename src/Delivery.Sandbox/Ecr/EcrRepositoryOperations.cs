using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Delivery.Sandbox.Ecr;

/// <summary>Repository operations and tokens, with ECR's shapes and error texts.</summary>
public sealed partial class EcrRepositoryOperations(EcrState state)
{
    private EcrEmulatorOptions Options => state.Options;

    public JsonObject GetAuthorizationToken()
    {
        var (password, expiresAt) = state.IssueToken();
        return new JsonObject
        {
            ["authorizationData"] = new JsonArray(new JsonObject
            {
                ["authorizationToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + password)),
                ["expiresAt"] = expiresAt.ToUnixTimeMilliseconds() / 1000.0,
                ["proxyEndpoint"] = Options.RegistryEndpoint.ToString().TrimEnd('/'),
            }),
        };
    }

    public JsonObject Create(JsonObject input)
    {
        var name = RequiredName(input);
        var mutability = input["imageTagMutability"]?.GetValue<string>() ?? "MUTABLE";
        if (mutability is not ("MUTABLE" or "IMMUTABLE"))
            throw new EcrFault("InvalidParameterException", $"Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'");
        var repository = new StoredRepository
        {
            Name = name,
            CreatedAt = state.Now,
            Mutability = mutability,
            ScanOnPush = input["imageScanningConfiguration"]?["scanOnPush"]?.GetValue<bool>() ?? false,
        };
        if (!state.TryAdd(repository))
            throw new EcrFault("RepositoryAlreadyExistsException", $"The repository with name '{name}' already exists in the registry with id '{Options.AccountId}'");
        return new JsonObject { ["repository"] = Shape(repository) };
    }

    public JsonObject Describe(JsonObject input)
    {
        var names = input["repositoryNames"]?.AsArray().Select(n => n!.GetValue<string>()).ToList();
        List<StoredRepository> found;
        if (names is { Count: > 0 })
        {
            found = [];
            foreach (var name in names)
                found.Add(state.Find(name) ?? throw NotFound(name));
            return new JsonObject { ["repositories"] = new JsonArray(found.Select(r => (JsonNode)Shape(r)).ToArray()) };
        }
        var (page, next) = Paging.Page(state.All(), input);
        var output = new JsonObject { ["repositories"] = new JsonArray(page.Select(r => (JsonNode)Shape(r)).ToArray()) };
        if (next is not null) output["nextToken"] = next;
        return output;
    }

    public JsonObject Delete(JsonObject input)
    {
        var name = RequiredName(input);
        var repository = state.Find(name) ?? throw NotFound(name);
        var force = input["force"]?.GetValue<bool>() ?? false;
        lock (state.Gate)
        {
            if (repository.Images.Count > 0 && !force)
                throw new EcrFault("RepositoryNotEmptyException", $"The repository with name '{name}' in registry with id '{Options.AccountId}' cannot be deleted because it still contains images");
            state.Remove(name);
        }
        return new JsonObject { ["repository"] = Shape(repository) };
    }

    public JsonObject PutImageTagMutability(JsonObject input)
    {
        var name = RequiredName(input);
        var mutability = input["imageTagMutability"]?.GetValue<string>();
        if (mutability is not ("MUTABLE" or "IMMUTABLE"))
            throw new EcrFault("InvalidParameterException", "Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'");
        var repository = state.Find(name) ?? throw NotFound(name);
        lock (state.Gate) { repository.Mutability = mutability; state.Save(); }
        return new JsonObject
        {
            ["registryId"] = Options.AccountId,
            ["repositoryName"] = name,
            ["imageTagMutability"] = mutability,
        };
    }

    public JsonObject Shape(StoredRepository repository) => new()
    {
        ["repositoryArn"] = $"arn:aws:ecr:{Options.Region}:{Options.AccountId}:repository/{repository.Name}",
        ["registryId"] = Options.AccountId,
        ["repositoryName"] = repository.Name,
        ["repositoryUri"] = $"{Options.RegistryHost}/{repository.Name}",
        ["createdAt"] = repository.CreatedAt,
        ["imageTagMutability"] = repository.Mutability,
        ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = repository.ScanOnPush },
        ["encryptionConfiguration"] = new JsonObject { ["encryptionType"] = "AES256" },
    };

    public static string RequiredName(JsonObject input)
    {
        var name = input["repositoryName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
            throw new EcrFault("InvalidParameterException", "1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null");
        if (name.Length < 2 || name.Length > 256 || !NamePattern().IsMatch(name))
            throw new EcrFault("InvalidParameterException",
                $"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''");
        return name;
    }

    public EcrFault NotFound(string name) =>
        new("RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '{Options.AccountId}'");

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex NamePattern();
}

/// <summary><c>maxResults</c>/<c>nextToken</c> paging: the token is the index of the next item.</summary>
internal static class Paging
{
    public static (IReadOnlyList<T> Page, string? Next) Page<T>(IReadOnlyList<T> items, JsonObject input)
    {
        var max = input["maxResults"]?.GetValue<int>() ?? 100;
        if (max is < 1 or > 1000)
            throw new EcrFault("InvalidParameterException", "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'");
        var start = 0;
        if (input["nextToken"]?.GetValue<string>() is { } token && (!int.TryParse(token, out start) || start < 0))
            throw new EcrFault("InvalidParameterException", "Invalid parameter at 'nextToken'");
        var page = items.Skip(start).Take(max).ToList();
        return (page, start + max < items.Count ? (start + max).ToString() : null);
    }
}

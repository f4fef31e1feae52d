using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Tests.Ecr;

/// <summary>
/// The push exchanges of fixtures/ecr/11 through the proxy into a real docker-registry, and the JSON API's view of the
/// result. Needs Debian's docker-registry (installed by CI); the digests are the fixture's own.
/// </summary>
public class RegistryPushFlowTests
{
    private static readonly JsonNode Fixture = LoadFixture();
    private static string ManifestDigest => Fixture["manifestDigest"]!.GetValue<string>();
    private static string LayerDigest => Fixture["layerDigest"]!.GetValue<string>();
    private static string Manifest => Fixture["exchanges"]!.AsArray().First(e => e!["step"]!.GetValue<string>() == "push manifest")!["request"]!["bodyText"]!.GetValue<string>();
    private const string ConfigDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    private static JsonNode LoadFixture()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "shared", "fixtures", "ecr", "11-registry-push-exchanges.json");
            if (File.Exists(file)) return JsonNode.Parse(File.ReadAllText(file))!;
        }
        throw new FileNotFoundException("shared/fixtures/ecr/11-registry-push-exchanges.json not found above the test folder.");
    }

    private static async Task UploadBlobAsync(EcrEmulatorFixture ecr, string token, string repository, string digest, byte[] content)
    {
        using var head = await ecr.RegistryAsync(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}", token);
        if (head.StatusCode == HttpStatusCode.OK) return;
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        using var start = await ecr.RegistryAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/", token);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!.ToString();
        Assert.DoesNotContain(ecr.Options.Backend.Authority, location); // uploads keep going through the proxy
        var separator = location.Contains('?') ? '&' : '?';
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await ecr.RegistryAsync(HttpMethod.Put, $"{location}{separator}digest={digest}", token, body);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(digest, put.Headers.GetValues("Docker-Content-Digest").Single());
    }

    private static StringContent ManifestContent(string manifest) =>
        new(manifest, new UTF8Encoding(false), "application/vnd.docker.distribution.manifest.v2+json");

    private static async Task<(EcrEmulatorFixture Ecr, string Token)> PushedAsync()
    {
        var ecr = await EcrEmulatorFixture.StartAsync(withRegistry: true);
        try
        {
            await ecr.CallAsync("CreateRepository", new { repositoryName = "delivery/web", imageTagMutability = "IMMUTABLE" });
            var token = await ecr.TokenAsync();
            await UploadBlobAsync(ecr, token, "delivery/web", LayerDigest, Encoding.ASCII.GetBytes("example-layer-bytes"));
            await UploadBlobAsync(ecr, token, "delivery/web", ConfigDigest, Encoding.ASCII.GetBytes("{}"));
            using var put = await ecr.RegistryAsync(HttpMethod.Put, "/v2/delivery/web/manifests/v1", token, ManifestContent(Manifest));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            Assert.Equal(ManifestDigest, put.Headers.GetValues("Docker-Content-Digest").Single());
            return (ecr, token);
        }
        catch
        {
            await ecr.DisposeAsync(); // stops the registry child process even when the setup fails
            throw;
        }
    }

    [Fact]
    public async Task ManifestPut_ThroughProxy_JsonApiShowsSameDigestAndTag()
    {
        Assert.True(EcrEmulatorFixture.RegistryInstalled, "docker-registry is not installed: run these tests through ./build.sh Test, which installs it.");
        var (ecr, token) = await PushedAsync();
        await using var _ = ecr;

        var (_, described) = await ecr.CallAsync("DescribeImages", new { repositoryName = "delivery/web" });
        var (_, listed) = await ecr.CallAsync("ListImages", new { repositoryName = "delivery/web" });
        var (_, fetched) = await ecr.CallAsync("BatchGetImage", new { repositoryName = "delivery/web", imageIds = new[] { new { imageTag = "v1" } } });
        using var tags = await ecr.RegistryAsync(HttpMethod.Get, "/v2/delivery/web/tags/list", token);

        var detail = described["imageDetails"]![0]!;
        Assert.Equal(ManifestDigest, detail["imageDigest"]!.GetValue<string>());
        Assert.Equal(["v1"], detail["imageTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(21, detail["imageSizeInBytes"]!.GetValue<long>());
        Assert.Equal(ManifestDigest, listed["imageIds"]![0]!["imageDigest"]!.GetValue<string>());
        Assert.Equal(Manifest, fetched["images"]![0]!["imageManifest"]!.GetValue<string>());
        Assert.Equal("""{"name":"delivery/web","tags":["v1"]}""", await tags.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Delete_OfABlobOrAManifestThroughTheEndpoint_Unsupported405_NothingDeleted()
    {
        Assert.True(EcrEmulatorFixture.RegistryInstalled, "docker-registry is not installed: run these tests through ./build.sh Test, which installs it.");
        var (ecr, token) = await PushedAsync();
        await using var _ = ecr;

        using var blob = await ecr.RegistryAsync(HttpMethod.Delete, $"/v2/delivery/web/blobs/{LayerDigest}", token);
        using var manifest = await ecr.RegistryAsync(HttpMethod.Delete, $"/v2/delivery/web/manifests/{ManifestDigest}", token);
        using var still = await ecr.RegistryAsync(HttpMethod.Head, $"/v2/delivery/web/blobs/{LayerDigest}", token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, blob.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, manifest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task ManifestPut_OtherImageOnImmutableTag_TagInvalid()
    {
        Assert.True(EcrEmulatorFixture.RegistryInstalled, "docker-registry is not installed: run these tests through ./build.sh Test, which installs it.");
        var (ecr, token) = await PushedAsync();
        await using var _ = ecr;
        var other = Manifest.Replace("\"size\":19", "\"size\":19 ");

        using var again = await ecr.RegistryAsync(HttpMethod.Put, "/v2/delivery/web/manifests/v1", token, ManifestContent(Manifest));
        using var conflict = await ecr.RegistryAsync(HttpMethod.Put, "/v2/delivery/web/manifests/v1", token, ManifestContent(other));

        Assert.Equal(HttpStatusCode.Created, again.StatusCode); // identical re-push is fine
        Assert.Equal(HttpStatusCode.BadRequest, conflict.StatusCode);
        var body = await conflict.Content.ReadAsStringAsync();
        Assert.Contains("\"TAG_INVALID\"", body);
        Assert.Contains("The image tag 'v1' already exists in the 'delivery/web' repository and cannot be overwritten because the repository is immutable.", body);
    }

    [Fact]
    public async Task PutImage_RetagAndRepeat_RetagVisibleInBothViewsRepeatRefused()
    {
        Assert.True(EcrEmulatorFixture.RegistryInstalled, "docker-registry is not installed: run these tests through ./build.sh Test, which installs it.");
        var (ecr, token) = await PushedAsync();
        await using var _ = ecr;

        var (repeatStatus, repeat) = await ecr.CallAsync("PutImage", new { repositoryName = "delivery/web", imageManifest = Manifest, imageTag = "v1" });
        var (retagStatus, _) = await ecr.CallAsync("PutImage", new { repositoryName = "delivery/web", imageManifest = Manifest, imageTag = "2017.03" });
        var (_, described) = await ecr.CallAsync("DescribeImages", new { repositoryName = "delivery/web" });
        using var tags = await ecr.RegistryAsync(HttpMethod.Get, "/v2/delivery/web/tags/list", token);
        using var byNewTag = await ecr.RegistryAsync(HttpMethod.Get, "/v2/delivery/web/manifests/2017.03", token);

        Assert.Equal(400, repeatStatus);
        Assert.Equal("ImageAlreadyExistsException", repeat["__type"]!.GetValue<string>());
        Assert.Equal(200, retagStatus);
        Assert.Equal(["2017.03", "v1"], described["imageDetails"]![0]!["imageTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("\"2017.03\"", await tags.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, byNewTag.StatusCode);
        Assert.Equal(ManifestDigest, byNewTag.Headers.GetValues("Docker-Content-Digest").Single());
    }

    [Fact]
    public async Task PutImage_LayerNeverUploaded_LayersNotFound()
    {
        Assert.True(EcrEmulatorFixture.RegistryInstalled, "docker-registry is not installed: run these tests through ./build.sh Test, which installs it.");
        var (ecr, _) = await PushedAsync();
        await using var __ = ecr;
        var missing = Manifest.Replace(LayerDigest, "sha256:" + new string('9', 64));

        var (status, body) = await ecr.CallAsync("PutImage", new { repositoryName = "delivery/web", imageManifest = missing, imageTag = "v2" });
        var (_, check) = await ecr.CallAsync("BatchCheckLayerAvailability", new { repositoryName = "delivery/web", layerDigests = new[] { LayerDigest, "sha256:" + new string('9', 64) } });

        Assert.Equal(400, status);
        Assert.Equal("LayersNotFoundException", body["__type"]!.GetValue<string>());
        Assert.Equal(["AVAILABLE", "UNAVAILABLE"], check["layers"]!.AsArray().Select(l => l!["layerAvailability"]!.GetValue<string>()));
    }

    [Fact]
    public async Task BatchDeleteImage_LastTag_ImageGoneAndRepositoryDeletable()
    {
        Assert.True(EcrEmulatorFixture.RegistryInstalled, "docker-registry is not installed: run these tests through ./build.sh Test, which installs it.");
        var (ecr, token) = await PushedAsync();
        await using var _ = ecr;

        var (_, notEmpty) = await ecr.CallAsync("DeleteRepository", new { repositoryName = "delivery/web" });
        var (_, deleted) = await ecr.CallAsync("BatchDeleteImage", new { repositoryName = "delivery/web", imageIds = new[] { new { imageTag = "v1" } } });
        var (_, listed) = await ecr.CallAsync("ListImages", new { repositoryName = "delivery/web" });
        using var manifest = await ecr.RegistryAsync(HttpMethod.Get, "/v2/delivery/web/manifests/v1", token);
        var (status, _) = await ecr.CallAsync("DeleteRepository", new { repositoryName = "delivery/web" });

        Assert.Equal("RepositoryNotEmptyException", notEmpty["__type"]!.GetValue<string>());
        Assert.Equal(ManifestDigest, deleted["imageIds"]![0]!["imageDigest"]!.GetValue<string>());
        Assert.Empty(listed["imageIds"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task ManifestPut_BlobNeverUploaded_RefusedAndTagNotCreated()
    {
        Assert.True(EcrEmulatorFixture.RegistryInstalled, "docker-registry is not installed: run these tests through ./build.sh Test, which installs it.");
        var (ecr, token) = await PushedAsync();
        await using var _ = ecr;
        var incomplete = Manifest.Replace(LayerDigest, "sha256:" + new string('9', 64));

        using var put = await ecr.RegistryAsync(HttpMethod.Put, "/v2/delivery/web/manifests/v9", token, ManifestContent(incomplete));
        using var tags = await ecr.RegistryAsync(HttpMethod.Get, "/v2/delivery/web/tags/list", token);
        var (_, listed) = await ecr.CallAsync("ListImages", new { repositoryName = "delivery/web" });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("\"MANIFEST_BLOB_UNKNOWN\"", await put.Content.ReadAsStringAsync());
        Assert.DoesNotContain("v9", await tags.Content.ReadAsStringAsync());
        Assert.Single(listed["imageIds"]!.AsArray());
    }
}

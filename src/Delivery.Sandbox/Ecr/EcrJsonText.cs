using System.Text.Encodings.Web;
using System.Text.Json;

namespace Delivery.Sandbox.Ecr;

/// <summary>AWS and registries write quotes and apostrophes as-is; the default encoder would escape them to \u0027.</summary>
internal static class EcrJsonText
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

using System.Globalization;
using System.Text.Json;

namespace Delivery.Prometheus;

/// <summary>
/// Reads Prometheus's JSON answers: the envelope (<c>{"status","data","errorType","error"}</c>) and the result types
/// vector, scalar and matrix, whose sample values are strings that may say <c>NaN</c>, <c>+Inf</c> or <c>-Inf</c>.
/// </summary>
internal static class PrometheusAnswers
{
    public delegate PrometheusException Fail(PrometheusErrorKind kind, string cause, int? status, string? errorType, Exception? inner);

    public static JsonElement Envelope(int status, string body, Fail fail)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            var kind = status >= 500 ? PrometheusErrorKind.ServerError : PrometheusErrorKind.BadAnswer;
            throw fail(kind, $"it answered {status} with something that is not Prometheus's JSON: {Snippet(body)}", status, null, null);
        }
        var ok = Text(root, "status") == "success";
        if (ok && status is >= 200 and < 300 && root.TryGetProperty("data", out var data)) return data;
        var errorType = Text(root, "errorType");
        // Several parse errors come joined by newlines; the message must stay one line.
        var error = Snippet(Text(root, "error") ?? body, int.MaxValue);
        if (status is 400 or 422)
            throw fail(PrometheusErrorKind.BadQuery, $"the query is invalid ({errorType ?? status.ToString(CultureInfo.InvariantCulture)}): {error}", status, errorType, null);
        if (status >= 500 || errorType is "timeout" or "unavailable")
            throw fail(PrometheusErrorKind.ServerError, $"it answered {status} ({errorType ?? "server error"}): {error}", status, errorType, null);
        throw fail(PrometheusErrorKind.BadAnswer, $"it answered {status} without data: {error}", status, errorType, null);
    }

    public static IReadOnlyList<PromSeries> Instant(JsonElement data, Fail fail) => Shaped(data, fail, () => InstantOf(data, fail));

    public static IReadOnlyList<PromRangeSeries> Range(JsonElement data, Fail fail) => Shaped(data, fail, () => RangeOf(data, fail));

    /// <summary>
    /// A proxy or a Prometheus-compatible server may answer "success" with another shape; JsonElement then throws
    /// InvalidOperationException (wrong kind) or KeyNotFoundException (missing property), which must not escape as a
    /// crash of the canary pass but become a BadAnswer like any other unreadable answer.
    /// </summary>
    private static T Shaped<T>(JsonElement data, Fail fail, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
        {
            throw fail(PrometheusErrorKind.BadAnswer, $"its data has an unexpected shape: {Snippet(data.GetRawText())}", null, null, e);
        }
    }

    private static IReadOnlyList<PromSeries> InstantOf(JsonElement data, Fail fail)
    {
        switch (Text(data, "resultType"))
        {
            case "vector":
                return data.GetProperty("result").EnumerateArray()
                    .Select(item => new PromSeries(Labels(item), Sample(item.GetProperty("value"), fail).Value)).ToList();
            case "scalar":
                return [new PromSeries(new Dictionary<string, string>(), Sample(data.GetProperty("result"), fail).Value)];
            case var other:
                throw fail(PrometheusErrorKind.BadAnswer, $"the result is a {other ?? "missing type"}, not a vector or scalar", null, null, null);
        }
    }

    private static IReadOnlyList<PromRangeSeries> RangeOf(JsonElement data, Fail fail)
    {
        if (Text(data, "resultType") != "matrix")
            throw fail(PrometheusErrorKind.BadAnswer, $"the result is a {Text(data, "resultType") ?? "missing type"}, not a matrix", null, null, null);
        return data.GetProperty("result").EnumerateArray()
            .Select(item => new PromRangeSeries(Labels(item), item.GetProperty("values").EnumerateArray()
                .Select(v => Sample(v, fail)).Select(p => new PromPoint(p.At, p.Value)).ToList()))
            .ToList();
    }

    public static PrometheusBuildInfo BuildInfo(JsonElement data, Fail fail) =>
        Text(data, "version") is { } version
            ? new PrometheusBuildInfo(version, Text(data, "revision") ?? "")
            : throw fail(PrometheusErrorKind.BadAnswer, "its build information has no version", null, null, null);

    private static Dictionary<string, string> Labels(JsonElement item) =>
        item.TryGetProperty("metric", out var metric)
            ? metric.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    // [ <unix seconds>, "<value>" ]
    private static (DateTimeOffset At, double Value) Sample(JsonElement pair, Fail fail)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
            throw fail(PrometheusErrorKind.BadAnswer, $"a sample is not [time, value]: {Snippet(pair.GetRawText())}", null, null, null);
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(pair[0].GetDouble() * 1000));
        var text = pair[1].GetString();
        var value = text switch
        {
            "NaN" => double.NaN,
            "+Inf" or "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
            _ => throw fail(PrometheusErrorKind.BadAnswer, $"a sample value is not a number: {Snippet(text ?? "null")}", null, null, null),
        };
        return (at, value);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One line: runs of white space (a multi-line query, joined errors) become one space, then cut.</summary>
    public static string Snippet(string text, int max = 160)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length > max ? line[..max] + "…" : line;
    }
}

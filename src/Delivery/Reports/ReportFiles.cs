using Delivery.Engine;

namespace Delivery.Reports;

/// <summary>
/// Where a run's record goes on disk: the JSON for machines and, beside it, the HTML page for people. Every Deploy and
/// Rollback leaves both under <c>.nuke/temp/reports/</c>; <c>--report FILE</c> writes them where a CI job keeps artifacts.
/// </summary>
public static class ReportFiles
{
    public static string DefaultFolder(string repositoryRoot) => Path.Combine(repositoryRoot, ".nuke", "temp", "reports");

    /// <summary>The files of one run in <paramref name="folder"/>: <c>20261129-120000-lobby-deploy.json</c> and <c>.html</c>.</summary>
    public static string DefaultJsonPath(string folder, RunReport report) =>
        Path.Combine(folder, $"{report.StartedAt.UtcDateTime:yyyyMMdd-HHmmss}-{report.Pipeline}-{report.Kind.ToLowerInvariant()}.json");

    /// <summary>Writes the JSON of <paramref name="reports"/> (one object, or an array for several runs) and one HTML page per run.</summary>
    /// <returns>The HTML pages written.</returns>
    public static IReadOnlyList<string> Write(string jsonPath, IReadOnlyList<RunReport> reports)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
        File.WriteAllText(jsonPath, reports.Count == 1 ? reports[0].ToJson() : System.Text.Json.JsonSerializer.Serialize(reports, RunReport.Json));
        var pages = new List<string>();
        foreach (var report in reports)
        {
            var page = reports.Count == 1 ? Path.ChangeExtension(jsonPath, ".html")
                : Path.ChangeExtension(jsonPath, null) + $"-{report.Pipeline}.html";
            File.WriteAllText(page, HtmlReport.Render(report));
            pages.Add(page);
        }
        return pages;
    }
}

namespace Delivery.Reports;

/// <summary>
/// The page's colours and CSS. Canary and stable keep one colour each everywhere (charts, legend, tables) so a reader
/// learns them once; the outcome badges use light tints that cannot be mistaken for either (the browser test counts
/// pixels of the two series colours).
/// </summary>
internal static class ReportStyles
{
    public const string Canary = "#E8710A";
    public const string Stable = "#1A73E8";
    public const string Limit = "#C62828";
    public const string Decision = "#37474F";
    public const string Difference = "#6A3D9A";
    public const string Band = "#CAB2D6";

    /// <summary>The class that colours a badge: good, warn, bad, info or muted.</summary>
    public static string Tone(string word) => word switch
    {
        "Promoted" or "AlreadyLive" or "Passed" => "good",
        "RolledBack" or "Inconclusive" or "ZoneFailure" => "warn",
        "Failed" or "Error" or "ReleaseFailure" or "MetricFailure" => "bad",
        "Paused" or "MetricPending" => "info",
        _ => "muted",
    };

    public const string Css = $$"""
        :root { --canary: {{Canary}}; --stable: {{Stable}}; --limit: {{Limit}}; --decision: {{Decision}};
                --difference: {{Difference}}; --band: {{Band}}; --ink: #1f2933; --soft: #616e7c; --line: #e4e7eb; --paper: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--paper); color: var(--ink);
               font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Verdana, sans-serif; }
        main { max-width: 1360px; margin: 0 auto; padding: 24px; }
        header.run { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; }
        header.run h1 { margin: 0 0 4px; font-size: 24px; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
        header.run .reason { font-size: 16px; margin: 8px 0 14px; }
        dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px 24px; margin: 0; }
        dl.facts div { min-width: 0; }
        dl.facts dt { color: var(--soft); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 24px; margin-top: 18px; }
        h2 { font-size: 18px; margin: 0 0 12px; }
        h3 { font-size: 16px; margin: 22px 0 4px; }
        .sub { color: var(--soft); margin: 0 0 10px; }
        code, pre, .mono { font-family: "DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
        table { border-collapse: collapse; width: 100%; }
        table.compact { width: auto; min-width: 50%; }
        th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
        th { color: var(--soft); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.nowrap { white-space: nowrap; }
        .badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 13px; font-weight: 600; border: 1px solid; }
        h1 .badge { font-size: 15px; padding: 3px 14px; }
        .good { background: #e3f9e5; color: #1b5e20; border-color: #a5d6a7; }
        .warn { background: #fff3e0; color: #8a3b00; border-color: #f5c28b; }
        .bad { background: #ffebee; color: #b71c1c; border-color: #ef9a9a; }
        .info { background: #e8eaf6; color: #283593; border-color: #9fa8da; }
        .muted { background: #eceff1; color: #455a64; border-color: #cfd8dc; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 20px; margin: 4px 0 8px; color: var(--soft); }
        .legend span { display: inline-flex; align-items: center; gap: 6px; }
        .swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; }
        .swatch.canary { border-color: var(--canary); } .swatch.stable { border-color: var(--stable); }
        .swatch.limit { border-top: 2px dashed var(--limit); } .swatch.ratio { border-top: 2px dotted var(--limit); }
        .swatch.decision { width: 0; height: 14px; border-top: 0; border-left: 2px dashed var(--decision); }
        .swatch.difference { border-color: var(--difference); }
        .swatch.band { height: 12px; border: 0; background: var(--band); }
        .canary { color: var(--canary); } .stable { color: var(--stable); }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 14px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; min-width: 0; }
        .card h4 { margin: 0 0 6px; font-size: 15px; display: flex; justify-content: space-between; align-items: center; }
        .chart svg { display: block; width: 100%; height: auto; }
        .chart svg text { font-family: "DejaVu Sans", Verdana, sans-serif; }
        .chart .caption { color: var(--soft); font-size: 12px; margin: 6px 0 0; }
        .message { margin: 8px 0 4px; overflow-wrap: anywhere; }
        details { margin: 4px 0; }
        summary { cursor: pointer; color: var(--soft); }
        pre { background: #f8f9fb; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 6px 0;
              white-space: pre-wrap; overflow-wrap: anywhere; max-height: 360px; overflow: auto; }
        .empty { color: var(--soft); font-style: italic; }
        .notice { border: 1px solid; border-radius: 6px; padding: 8px 12px; }
        footer { color: var(--soft); font-size: 12px; text-align: center; margin: 18px 0 6px; }
        """;
}

using System.Xml.Linq;

/// <summary>Test counts read from the .trx files that 'dotnet test --logger trx' writes, one per test project.</summary>
sealed record TestResults(int Total, int Passed, int Failed, int Skipped)
{
    public static TestResults Read(string directory)
    {
        if (!Directory.Exists(directory)) return new TestResults(0, 0, 0, 0);
        int total = 0, passed = 0, failed = 0, skipped = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.trx", SearchOption.AllDirectories))
        {
            var counters = XDocument.Load(file).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null) continue;
            int Count(string name) => int.TryParse(counters.Attribute(name)?.Value, out var n) ? n : 0;
            total += Count("total");
            passed += Count("passed");
            failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
            skipped += Count("notExecuted");
        }
        return new TestResults(total, passed, failed, skipped);
    }

    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}

/// <summary>Tests failed; the counts and the results folder are in the message.</summary>
sealed class TestsFailedException(string message) : Delivery.Core.DeliveryException(message);

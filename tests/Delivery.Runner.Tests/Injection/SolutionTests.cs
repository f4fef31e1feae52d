using Delivery.Runner.Solutions;
using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Injection;

public sealed class SolutionTests : IDisposable
{
    readonly BuildRun _run = new();

    const string Sln = """
        Microsoft Visual Studio Solution File, Format Version 12.00
        Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "src", "src", "{AAAAAAAA-0000-0000-0000-000000000001}"
        EndProject
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Delivery.Core", "src\Delivery.Core\Delivery.Core.csproj", "{AAAAAAAA-0000-0000-0000-000000000002}"
        EndProject
        Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Delivery.Runner", "src\Delivery.Runner\Delivery.Runner.csproj", "{AAAAAAAA-0000-0000-0000-000000000003}"
        EndProject
        """;

    [Fact]
    public void Read_Sln_ListsProjectsWithoutFolders()
    {
        _run.WriteFile("Delivery.sln", Sln);

        var solution = SolutionReader.Find(new AbsolutePath(_run.Root), relativePath: null);

        Assert.Equal("Delivery", solution.Name);
        Assert.Equal(["Delivery.Core", "Delivery.Runner"], solution.Projects.Select(x => x.Name));
        Assert.Equal(new AbsolutePath(_run.Root) / "src" / "Delivery.Core" / "Delivery.Core.csproj", solution.GetProject("delivery.core")!.Path);
        Assert.Equal(new AbsolutePath(_run.Root) / "src" / "Delivery.Core", solution.GetProject("Delivery.Core")!.Directory);
        Assert.Null(solution.GetProject("Nope"));
    }

    [Fact]
    public void Read_Slnx_ListsProjects()
    {
        _run.WriteFile("build/All.slnx", """
            <Solution>
              <Folder Name="/src/">
                <Project Path="../src/Delivery/Delivery.csproj" />
              </Folder>
            </Solution>
            """);

        var solution = SolutionReader.Find(new AbsolutePath(_run.Root), "build/All.slnx");

        var project = Assert.Single(solution.Projects);
        Assert.Equal("Delivery", project.Name);
        Assert.Equal(new AbsolutePath(_run.Root) / "src" / "Delivery" / "Delivery.csproj", project.Path);
    }

    [Fact]
    public void Run_InjectsSolutionAndRepository()
    {
        _run.WriteFile("Delivery.sln", Sln);
        _run.WriteFile(".git/HEAD", "ref: refs/heads/main\n");
        _run.WriteFile(".git/refs/heads/main", "1111111111111111111111111111111111111111\n");
        var build = new InjectedBuild();

        _run.Run(build, "--no-logo");

        Assert.Equal(0, _run.ExitCode);
        Assert.Equal("Delivery", build.SolutionValue!.Name);
        Assert.Equal("main", build.RepositoryValue!.Branch);
        Assert.Equal(["Default"], build.Ran);
    }

    [Fact]
    public void Run_NothingToInject_WarnsAndLeavesNull()
    {
        _run.WriteFile("A.sln", Sln);
        _run.WriteFile("B.sln", Sln);
        var build = new InjectedBuild();

        _run.Run(build, "--no-logo");

        Assert.Equal(0, _run.ExitCode);
        Assert.Null(build.SolutionValue);
        Assert.Contains("[Solution] Solution is left null: '<root>' holds several solutions (A.sln, B.sln); name one with [Solution(\"path\")].", _run.Output);
    }

    [Fact]
    public void Run_RequiredSolutionMissing_FailsBeforeRunning()
    {
        var build = new InjectedBuild();

        _run.Run(build, "Compile");

        Assert.Equal(1, _run.ExitCode);
        Assert.EndsWith("Target 'Compile' requires 'Solution'.\n", _run.Output);
        Assert.Empty(build.Ran);
    }

    sealed class InjectedBuild : TestBuild
    {
        [Solution] readonly Solution? Solution;
        [GitRepository] readonly GitRepository? Repository;

        public Solution? SolutionValue => Solution;
        public GitRepository? RepositoryValue => Repository;

        public Target Default => _ => _.Executes(() => Ran.Add(nameof(Default)));
        public Target Compile => _ => _.Requires(() => Solution).Executes(() => Ran.Add(nameof(Compile)));
    }

    public void Dispose() => _run.Dispose();
}

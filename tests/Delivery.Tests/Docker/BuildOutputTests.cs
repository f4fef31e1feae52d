using Delivery.Docker;

namespace Delivery.Tests.Docker;

public class BuildOutputTests
{
    [Fact]
    public void Add_ChunksSplitMidLine_TracksStepsCacheAndImageId()
    {
        var output = new BuildOutput();

        output.Add("Step 1/3 : FROM base\n ---> 1234\nStep 2/3 : COPY . /app\n ---> Using cache\n");
        output.Add(" ---> abcd\nStep 3/3 : RUN ./te");
        output.Add("st.sh\n ---> Running in 99\nfailing test: x\n");

        Assert.Equal("Step 3/3 : RUN ./test.sh", output.CurrentStep);
        Assert.Equal(3, output.Steps);
        Assert.Equal(1, output.CachedSteps);
        Assert.Equal(["failing test: x"], output.TailOfStep(5));
    }

    [Fact]
    public void Add_SuccessLine_ReadsImageId()
    {
        var output = new BuildOutput();

        output.Add("Successfully built 0123456789ab\nSuccessfully tagged games/lobby:1\n");

        Assert.Equal("0123456789ab", output.ImageId);
    }
}

namespace Lobby.Faults;

/// <summary>Applies the fault plan to the game API only: health and metrics must keep telling the truth.</summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }
        if (faults.ExtraLatency > TimeSpan.Zero)
            await Task.Delay(faults.ExtraLatency, time, context.RequestAborted);
        if (faults.ShouldFail())
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new { error = "injected failure (faults.json errorRate)" });
            return;
        }
        await next(context);
    }
}

using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Delivery.Sandbox.Marathon.Faults;

/// <summary>
/// The lose-answer fault: the request runs in full, then the connection is aborted instead of answering, as when the
/// network drops Marathon's reply after the change was applied. A client cannot tell whether its change happened and
/// must find out by reading state back (the case retries of non-idempotent calls get wrong).
/// </summary>
internal static class LostAnswer
{
    public static async Task RunAsync(HttpContext context, Func<Task> next)
    {
        var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var discarded = new DiscardedBody(context);
        context.Features.Set<IHttpResponseBodyFeature>(discarded);
        try
        {
            await next();
        }
        // A streamed answer is cut below while the handler still writes; it stops as for a client that went away.
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested) { }
        finally
        {
            context.Abort();
            await discarded.Writer.CompleteAsync();
            context.Features.Set(server);
        }
    }

    /// <summary>
    /// Stands in for the server's response body: whatever the handler writes is thrown away, and the server's response
    /// is never started, so not even the status line or headers leave before the abort.
    /// </summary>
    private sealed class DiscardedBody(HttpContext context) : IHttpResponseBodyFeature
    {
        private bool _streaming;

        public Stream Stream => System.IO.Stream.Null;
        public PipeWriter Writer { get; } = PipeWriter.Create(System.IO.Stream.Null);

        /// <summary>
        /// /v2/events asks for unbuffered output before its first frame and then never ends on its own: waiting for it
        /// to finish would leave the client hanging, so its answer is lost the moment it would start.
        /// </summary>
        public void DisableBuffering() => _streaming = true;

        public Task StartAsync(CancellationToken cancellationToken = default)
        {
            if (_streaming) context.Abort();
            return Task.CompletedTask;
        }

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => Task.CompletedTask;
    }
}

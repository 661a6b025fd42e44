using Google.Protobuf;
using Grpc.Core;

namespace Vargo.Orders.Tests;

/// <summary>
/// A gRPC channel stand-in for unit tests: serializes each request to protobuf bytes, hands the
/// bytes to a handler (a scripted peer, or a real service object) and deserializes its answer, as the wire would.
/// </summary>
public sealed class LoopbackCallInvoker(Func<string, byte[], Task<byte[]>> handle) : CallInvoker
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var body = ((IMessage)request!).ToByteArray();
        var response = RespondAsync();
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

        async Task<TResponse> RespondAsync()
        {
            var reply = Activator.CreateInstance<TResponse>();
            ((IMessage)reply!).MergeFrom(await handle(method.Name, body));
            return reply;
        }
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();
}

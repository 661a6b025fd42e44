using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Vargo.Web.Auth;

namespace Vargo.Web.Api;

/// <summary>
/// The public Vargo API, reached through the gateway (service discovery name from <c>Web:GatewayUrl</c>) with the
/// signed-in shopper's access token, which lives only in this server's cookie session. Every call answers an
/// <see cref="ApiResult{T}"/>: a page shows a problem instead of failing when a service is down.
/// </summary>
public sealed class VargoApi(HttpClient http, SessionTokens tokens, ILogger<VargoApi> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, path, null, null, cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Post, path, body, null, cancellationToken);

    public async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, Action<HttpRequestMessage>? configure, CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = await CreateRequestAsync(method, path, body);
            configure?.Invoke(request);
            using var response = await http.SendAsync(request, cancellationToken);
            return await ReadAsync<T>(response, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.CircuitBreaker.BrokenCircuitException
                                       or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            // A service down is a message on the page, never an error page.
            logger.LogWarning(ex, "{Method} {Path} failed", method, path);
            return new ApiResult<T>(503, default, Problem.Unavailable);
        }
    }

    /// <summary>
    /// For what a page can do without (recommendations): the value, or null when the call fails or takes longer than
    /// <paramref name="budget"/>, so a slow service never holds the page back.
    /// </summary>
    public async Task<T?> GetOptionalAsync<T>(string path, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            return (await SendAsync<T>(HttpMethod.Get, path, null, null, timeout.Token)).Value;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("{Path} took longer than {Budget}: the page goes without it", path, budget);
            return default;
        }
    }

    /// <summary>
    /// Server-Sent Events from <paramref name="path"/>: each <c>data:</c> line parsed as <typeparamref name="T"/>,
    /// until the server ends the stream or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = await CreateRequestAsync(HttpMethod.Get, path, null);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            yield break;
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            if (JsonSerializer.Deserialize<T>(item.Data, Json) is { } value)
            {
                yield return value;
            }
        }
    }

    /// <summary>
    /// Posts <paramref name="body"/> to <paramref name="path"/> and yields each Server-Sent Event's <c>data</c> as
    /// text, as it arrives (the assistant's answer, piece by piece). A refusal (400 naming the field, 401, 503) is
    /// thrown as <see cref="ApiProblemException"/> before the first piece; a service that cannot be reached as one
    /// carrying <see cref="Problem.Unavailable"/>.
    /// </summary>
    public async IAsyncEnumerable<string> PostStreamAsync(string path, object body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = await CreateRequestAsync(HttpMethod.Post, path, body);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.CircuitBreaker.BrokenCircuitException
                                       or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "POST {Path} failed", path);
            throw new ApiProblemException(Problem.Unavailable);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var refused = await ReadAsync<object>(response, cancellationToken);
                throw new ApiProblemException(refused.Problem ?? new Problem(response.ReasonPhrase, null, refused.Status, null));
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(cancellationToken))
            {
                yield return item.Data;
            }
        }
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        if (await tokens.AccessTokenAsync() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    private static async Task<ApiResult<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var etag = response.Headers.ETag?.Tag;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // The API's 503 speaks to API clients ("retry after the time in the Retry-After header"); a shopper reads this.
            return new ApiResult<T>(status, default, Problem.Unavailable) { ETag = etag };
        }
        if (mediaType == "application/problem+json")
        {
            return new ApiResult<T>(status, default, await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken)) { ETag = etag };
        }
        if (mediaType == "application/json" && typeof(T) != typeof(object))
        {
            // Orders answers a failed checkout (402, 409) with the order itself: the value is kept beside the status.
            var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            return new ApiResult<T>(status, value, response.IsSuccessStatusCode ? null : new Problem(null, null, status, null)) { ETag = etag };
        }
        return new ApiResult<T>(status, default, response.IsSuccessStatusCode ? null : new Problem(response.ReasonPhrase, null, status, null)) { ETag = etag };
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Vargo.Testing.Storefront;

namespace Vargo.AppHost.Tests.Reliability;

/// <summary>
/// One fault in a checkout burst: when it is injected (after <see cref="InjectAfter"/> checkouts got their final answer,
/// or before the burst when 0), what injects and heals it, and when it is healed: after <see cref="HealAfter"/> more
/// final answers or <see cref="HealAfterRefusals"/> 503s (whichever comes first: a fault that turns every request away
/// still ends) or once every shopper has made all the checkouts it makes while a fault lasts, or after the burst when
/// <see cref="HealAfterBurst"/>. Every moment follows the burst's progress, never a clock.
/// </summary>
public sealed record Fault(string Name, Func<CancellationToken, Task> Inject, Func<CancellationToken, Task> Heal)
{
    public int InjectAfter { get; init; } = 15;

    public int HealAfter { get; init; } = 30;

    public int HealAfterRefusals { get; init; } = 60;

    public bool HealAfterBurst { get; init; }

    /// <summary>What a checkout sent while the fault is on carries (e.g. a header naming a slow point).</summary>
    public Action<HttpRequestMessage>? OnRequestDuringFault { get; init; }
}

/// <summary>Who shops in a burst: customers (tokens), the SKUs on sale with their units on hand.</summary>
public sealed record BurstCast(IReadOnlyList<string> Customers, IReadOnlyList<string> Skus, int OnHandPerSku);

/// <summary>What the burst's clients saw.</summary>
public sealed class BurstFigures
{
    public int Checkouts;
    public int Answers;
    public int Unavailable503;
    public int Unavailable503WithoutRetryAfter;
    public int ServerErrors;
    public ConcurrentBag<string> ServerErrorSamples { get; } = [];
    public ConcurrentDictionary<int, int> Statuses { get; } = new();
    public TimeSpan BurstDuration;
    public TimeSpan FaultDuration;

    public string StatusSummary => string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
}

/// <summary>
/// A checkout burst through the gateway, as shoppers make it with <see cref="StorefrontClient"/>: every customer fills a
/// cart (1–2 units of a SKU) and checks out, <see cref="CheckoutsPerCustomer"/> times, all customers at once, and goes on
/// shopping until the fault is healed and it has checked out once more after that, so the fault always falls mid-burst
/// and the system is seen serving again after it (however fast or slow this machine is). A 503 is
/// asked again after its Retry-After (capped: the burst goes on), with the same Idempotency-Key, as a storefront
/// would; every other answer is final for that checkout. Some checkouts use a declined card, so PaymentFailed orders
/// are part of every burst, and the SKUs have fewer units than the burst wants, so some orders end out of stock.
/// </summary>
public sealed class CheckoutBurst(StorefrontClient storefront, BurstCast cast, int checkoutsPerCustomer)
{
    public const string DeclinedCard = "4000000000000002";

    // Retry-After is honoured up to this (the gateway says 5 s, the services 1–2 s).
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan InFlightPause = TimeSpan.FromSeconds(1);

    // A customer checks out at most this many times its share while the fault lasts, then waits for the heal.
    private const int MaxRounds = 3;

    private volatile bool _healed;
    private readonly TaskCompletionSource _healedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BurstProgress _finals = new();
    private readonly BurstProgress _refusals = new();
    private readonly BurstProgress _parked = new();
    private volatile bool _faultOn;

    public int CheckoutsPerCustomer => checkoutsPerCustomer;

    public BurstFigures Figures { get; } = new();

    /// <summary>Runs the burst with <paramref name="fault"/> injected and healed on progress; returns when both are done.</summary>
    public async Task RunAsync(Fault fault, CancellationToken cancellationToken)
    {
        _onFaultRequest = fault.OnRequestDuringFault;
        var started = Stopwatch.GetTimestamp();
        if (fault.InjectAfter == 0)
        {
            await InjectAsync(fault, cancellationToken);
        }
        // A fault healed only after the burst cannot be waited for by the shoppers.
        if (fault.HealAfterBurst)
        {
            _healed = true;
            _healedSignal.TrySetResult();
        }
        var shoppers = Task.WhenAll(cast.Customers.Select((customer, i) => ShopAsync(customer, new Random(i), cancellationToken)));
        var faultRun = RunFaultAsync(fault, shoppers, cancellationToken);
        try
        {
            await shoppers;
        }
        finally
        {
            Figures.BurstDuration = Stopwatch.GetElapsedTime(started);
            // Healed even when the burst failed: the app is shared by the tests after this one.
            await faultRun;
        }
    }

    private long _faultStarted;
    private Action<HttpRequestMessage>? _onFaultRequest;

    private async Task InjectAsync(Fault fault, CancellationToken cancellationToken)
    {
        _faultStarted = Stopwatch.GetTimestamp();
        _faultOn = true;
        await fault.Inject(cancellationToken);
    }

    private async Task RunFaultAsync(Fault fault, Task shoppers, CancellationToken cancellationToken)
    {
        try
        {
            if (fault.InjectAfter > 0)
            {
                await Task.WhenAny(_finals.AtLeastAsync(fault.InjectAfter), shoppers);
                await InjectAsync(fault, cancellationToken);
            }
            if (fault.HealAfterBurst)
            {
                await Task.WhenAny(shoppers);
            }
            else
            {
                // Or once every shopper has used up its checkouts for the fault and waits for the heal: no answer can
                // come any more. (A fault injected as one long step, PostgreSQL's restart, can last that long; waiting
                // for more answers then deadlocked the burst with every resource healthy.)
                await Task.WhenAny(_finals.AtLeastAsync(_finals.Count + fault.HealAfter),
                    _refusals.AtLeastAsync(_refusals.Count + fault.HealAfterRefusals),
                    _parked.AtLeastAsync(cast.Customers.Count), shoppers);
            }
        }
        finally
        {
            // Healed even when injecting failed half-way (the app is shared by the tests after this one), and the
            // shoppers stop instead of waiting for a heal that failed.
            _faultOn = false;
            Figures.FaultDuration = Stopwatch.GetElapsedTime(_faultStarted);
            try
            {
                await fault.Heal(cancellationToken);
            }
            finally
            {
                _healed = true;
                _healedSignal.TrySetResult();
            }
        }
    }

    private async Task ShopAsync(string customer, Random random, CancellationToken cancellationToken)
    {
        var afterHeal = false;
        for (var i = 0; i < checkoutsPerCustomer || !afterHeal; i++)
        {
            if (i >= checkoutsPerCustomer * MaxRounds && !_healed)
            {
                // Enough while the fault lasts (out-of-stock answers come fast): one more once it is healed.
                _parked.Advance();
                await _healedSignal.Task.WaitAsync(cancellationToken);
            }
            afterHeal = _healed;
            var sku = cast.Skus[random.Next(cast.Skus.Count)];
            var quantity = random.Next(1, 3);
            var card = random.Next(8) == 0 ? DeclinedCard : StorefrontClient.GoodCard;
            // A cancelled checkout leaves its lines in the cart: each checkout starts from an empty one.
            await UntilAnsweredAsync(() => storefront.SendAsync(HttpMethod.Delete, "/api/orders/cart", customer, cancellationToken: cancellationToken),
                countAsCheckout: false, cancellationToken);
            await UntilAnsweredAsync(() => storefront.SendAsync(HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity }, cancellationToken),
                countAsCheckout: false, cancellationToken);

            var key = Guid.NewGuid().ToString();
            Interlocked.Increment(ref Figures.Checkouts);
            var slow = _faultOn;
            await UntilAnsweredAsync(() => storefront.CheckoutAsync(customer, key, card,
                request => { if (slow) { _onFaultRequest?.Invoke(request); } }, cancellationToken), countAsCheckout: true, cancellationToken);
        }
    }

    /// <summary>Sends until the answer is not a 503 (or an idempotency key still in flight); records every answer.</summary>
    private async Task UntilAnsweredAsync(Func<Task<HttpResponseMessage>> send, bool countAsCheckout, CancellationToken cancellationToken)
    {
        while (true)
        {
            HttpResponseMessage response;
            try
            {
                response = await send();
            }
            catch (HttpRequestException ex)
            {
                // The gateway itself never goes down in these scenarios: a refused connection is a finding.
                Interlocked.Increment(ref Figures.ServerErrors);
                Figures.ServerErrorSamples.Add($"no answer: {ex.Message}");
                return;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                Figures.Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (countAsCheckout)
                {
                    Interlocked.Increment(ref Figures.Answers);
                }
                if (status == 503)
                {
                    _refusals.Advance();
                    Interlocked.Increment(ref Figures.Unavailable503);
                    var retryAfter = response.Headers.RetryAfter?.Delta;
                    if (retryAfter is null)
                    {
                        Interlocked.Increment(ref Figures.Unavailable503WithoutRetryAfter);
                    }
                    // A client honouring Retry-After, capped so the burst keeps its pressure on the system.
                    await Task.Delay(retryAfter is { } delta && delta < MaxRetryPause ? delta : MaxRetryPause, cancellationToken);
                    continue;
                }
                if (countAsCheckout && !InFlight(status, await response.Content.ReadAsStringAsync(cancellationToken)))
                {
                    _finals.Advance();
                }
                if (status >= 500)
                {
                    Interlocked.Increment(ref Figures.ServerErrors);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    // What else the customer's session answers right now, to tell a broken path from a broken service.
                    using var cart = await storefront.SendAsync(HttpMethod.Get, "/api/orders/cart", Customer(response), cancellationToken: cancellationToken);
                    Figures.ServerErrorSamples.Add($"{status} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: " +
                        $"{body[..Math.Min(300, body.Length)]} (GET cart now: {(int)cart.StatusCode})");
                    return;
                }
                if (InFlight(status, await response.Content.ReadAsStringAsync(cancellationToken)))
                {
                    await Task.Delay(InFlightPause, cancellationToken);
                    continue;
                }
                return;
            }
        }
    }

    private static string Customer(HttpResponseMessage response) => response.RequestMessage!.Headers.Authorization!.Parameter!;

    private static bool InFlight(int status, string body) =>
        status == 409 && body.Contains("idempotency-key-in-flight", StringComparison.Ordinal);

    /// <summary>Counts answers; lets the fault wait for the Nth without polling a clock.</summary>
    private sealed class BurstProgress
    {
        private readonly Lock _gate = new();
        private readonly List<(int Target, TaskCompletionSource Reached)> _waiters = [];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Advance()
        {
            lock (_gate)
            {
                _count++;
                foreach (var waiter in _waiters.Where(w => w.Target <= _count).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        public Task AtLeastAsync(int target)
        {
            lock (_gate)
            {
                if (_count >= target)
                {
                    return Task.CompletedTask;
                }
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((target, reached));
                return reached.Task;
            }
        }
    }
}

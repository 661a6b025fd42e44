using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Vargo.Inventory.Stock;

/// <summary>
/// The hot counters in Redis. Keys (all under one hash tag so a cluster keeps them on one slot):
/// <c>{tag}:epoch</c> names the current generation E; <c>{tag}:E:a:SKU</c> is a SKU's available units;
/// <c>{tag}:E:r:ORDER</c> is an order's reservation (state, expiry, one <c>q:SKU</c> field per line).
/// Scripts are loaded once per server and called by SHA; a server that lost its script cache (NOSCRIPT) gets them again.
/// </summary>
public sealed class RedisStockStore(IConnectionMultiplexer redis, IOptions<InventoryOptions> options, ILogger<RedisStockStore> logger)
{
    private static readonly TimeSpan ClosedRecordLifetime = TimeSpan.FromDays(1);
    private static readonly TimeSpan RejectionLifetime = TimeSpan.FromMinutes(10);

    private readonly string _tag = "{" + options.Value.RedisKeyTag + "}";
    private readonly ConcurrentDictionary<string, byte[]> _shas = new();

    private IDatabase Database => redis.GetDatabase();

    public RedisKey EpochKey => _tag + ":epoch";

    public RedisKey AvailableKey(string epoch, string sku) => $"{_tag}:{epoch}:a:{sku}";

    public RedisKey ReservationKey(string epoch, Guid orderId) => $"{_tag}:{epoch}:r:{orderId:N}";

    public async Task<string?> ReadEpochAsync() => await Database.StringGetAsync(EpochKey);

    public async Task<RedisReserveResult> ReserveAsync(
        string epoch, Guid orderId, IReadOnlyList<StockQuantity> lines, DateTimeOffset expiresAt)
    {
        var keys = new RedisKey[lines.Count + 2];
        var args = new RedisValue[3 + 2 * lines.Count];
        keys[0] = EpochKey;
        keys[1] = ReservationKey(epoch, orderId);
        args[0] = epoch;
        args[1] = expiresAt.ToUnixTimeMilliseconds();
        args[2] = (long)RejectionLifetime.TotalSeconds;
        for (var i = 0; i < lines.Count; i++)
        {
            keys[2 + i] = AvailableKey(epoch, lines[i].Sku);
            args[3 + 2 * i] = lines[i].Sku;
            args[4 + 2 * i] = lines[i].Quantity;
        }

        var reply = (RedisResult[])(await EvaluateAsync(StockScripts.Reserve, keys, args))!;
        return (string)reply[0]! switch
        {
            "STALE" => new RedisReserveResult(RedisReserveOutcome.Stale, null, 0, []),
            "RESERVED" => new RedisReserveResult(RedisReserveOutcome.Reserved, 'R', expiresAt.ToUnixTimeMilliseconds(), []),
            "SHORT" => new RedisReserveResult(RedisReserveOutcome.Short, 'X', 0, ParseShortfalls((string)reply[1]!)),
            _ => new RedisReserveResult(
                RedisReserveOutcome.Exists, ((string)reply[1]!)[0], (long)reply[2], ParseShortfalls((string)reply[3]!)),
        };
    }

    /// <summary>Ends a reservation in Redis; see <see cref="StockScripts.Close"/>. Returns the script's answer.</summary>
    public async Task<string> CloseAsync(string epoch, Guid orderId, char state)
    {
        RedisKey[] keys = [EpochKey, ReservationKey(epoch, orderId)];
        RedisValue[] args = [epoch, state.ToString(), $"{_tag}:{epoch}:a:", (long)ClosedRecordLifetime.TotalSeconds];
        return (string)(await EvaluateAsync(StockScripts.Close, keys, args))!;
    }

    /// <summary>Returns a committed order's units to stock in Redis; see <see cref="StockScripts.Return"/>.</summary>
    public async Task<string> ReturnAsync(string epoch, Guid orderId, IReadOnlyList<StockQuantity> lines)
    {
        var keys = new RedisKey[lines.Count + 2];
        var args = new RedisValue[lines.Count + 2];
        keys[0] = EpochKey;
        keys[1] = ReservationKey(epoch, orderId);
        args[0] = epoch;
        args[1] = (long)ClosedRecordLifetime.TotalSeconds;
        for (var i = 0; i < lines.Count; i++)
        {
            keys[2 + i] = AvailableKey(epoch, lines[i].Sku);
            args[2 + i] = lines[i].Quantity;
        }
        return (string)(await EvaluateAsync(StockScripts.Return, keys, args))!;
    }

    /// <summary>Adds a signed delta to a SKU's available units unless that goes below zero. Null when the epoch is stale.</summary>
    public async Task<(bool Applied, int Available)?> AdjustAsync(string epoch, string sku, int delta)
    {
        RedisKey[] keys = [EpochKey, AvailableKey(epoch, sku)];
        var reply = (RedisResult[])(await EvaluateAsync(StockScripts.Adjust, keys, [epoch, delta]))!;
        return (string)reply[0]! switch
        {
            "STALE" => null,
            var outcome => (outcome == "OK", int.Parse((string)reply[1]!, CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>Available units per SKU (null = never stocked), or null when the epoch is stale.</summary>
    public async Task<int?[]?> GetAvailableAsync(string epoch, IReadOnlyList<string> skus)
    {
        var keys = new RedisKey[skus.Count + 1];
        keys[0] = EpochKey;
        for (var i = 0; i < skus.Count; i++)
        {
            keys[i + 1] = AvailableKey(epoch, skus[i]);
        }

        var reply = (RedisResult[])(await EvaluateAsync(StockScripts.Availability, keys, [epoch]))!;
        if ((string)reply[0]! == "STALE")
        {
            return null;
        }

        var values = new int?[skus.Count];
        for (var i = 0; i < skus.Count; i++)
        {
            var text = (string)reply[i + 1]!;
            values[i] = text.Length == 0 ? null : int.Parse(text, CultureInfo.InvariantCulture);
        }
        return values;
    }

    /// <summary>
    /// Writes a complete new generation (counters and open reservations) and then makes it current with one SET.
    /// Callers hold the ledger's exclusive lock, so no ledger write interleaves (README.md, "Rebuild").
    /// </summary>
    public async Task<string> PublishGenerationAsync(
        IReadOnlyList<StockQuantity> available, IReadOnlyList<OpenReservation> reservations, CancellationToken cancellationToken)
    {
        var epoch = Guid.NewGuid().ToString("N")[..12];
        var previous = await ReadEpochAsync();
        var db = Database;

        foreach (var chunk in available.Chunk(1000))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pairs = chunk.Select(item => new KeyValuePair<RedisKey, RedisValue>(AvailableKey(epoch, item.Sku), item.Quantity)).ToArray();
            await db.StringSetAsync(pairs);
        }

        foreach (var chunk in reservations.Chunk(500))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = db.CreateBatch();
            var writes = chunk.Select(reservation =>
            {
                var fields = new List<HashEntry> { new("s", "R"), new("e", reservation.ExpiresAt.ToUnixTimeMilliseconds()) };
                fields.AddRange(reservation.Lines.Select(line => new HashEntry("q:" + line.Sku, line.Quantity)));
                return batch.HashSetAsync(ReservationKey(epoch, reservation.OrderId), [.. fields]);
            }).ToList();
            batch.Execute();
            await Task.WhenAll(writes);
        }

        await db.StringSetAsync(EpochKey, epoch);
        if (previous is not null)
        {
            await DeleteGenerationAsync(previous);
        }
        return epoch;
    }

    private async Task DeleteGenerationAsync(string epoch)
    {
        try
        {
            foreach (var endpoint in redis.GetEndPoints())
            {
                var server = redis.GetServer(endpoint);
                if (server.IsReplica)
                {
                    continue;
                }
                var batch = new List<RedisKey>(1000);
                await foreach (var key in server.KeysAsync(Database.Database, $"{_tag}:{epoch}:*", pageSize: 1000))
                {
                    batch.Add(key);
                    if (batch.Count == 1000)
                    {
                        await Database.KeyDeleteAsync([.. batch]);
                        batch.Clear();
                    }
                }
                if (batch.Count > 0)
                {
                    await Database.KeyDeleteAsync([.. batch]);
                }
            }
        }
        catch (RedisException exception)
        {
            // Old generations are unreachable (no script reads them); leftovers only cost memory.
            logger.LogWarning(exception, "Could not delete stock generation {Epoch}", epoch);
        }
    }

    private async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] args)
    {
        var db = Database;
        var sha = _shas.TryGetValue(script, out var known) ? known : await LoadAsync(script);
        try
        {
            return await db.ScriptEvaluateAsync(sha, keys, args);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(await LoadAsync(script), keys, args);
        }
    }

    private async Task<byte[]> LoadAsync(string script)
    {
        byte[] sha = [];
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsReplica)
            {
                sha = await server.ScriptLoadAsync(script);
            }
        }
        _shas[script] = sha;
        return sha;
    }

    private static IReadOnlyList<StockShortfallLine> ParseShortfalls(string text) =>
        text.Length == 0
            ? []
            : [.. text.Split('\n').Select(line => line.Split('\t')).Select(parts => new StockShortfallLine(
                parts[0],
                int.Parse(parts[1], CultureInfo.InvariantCulture),
                int.Parse(parts[2], CultureInfo.InvariantCulture)))];
}

public enum RedisReserveOutcome { Stale, Reserved, Short, Exists }

/// <param name="State">R reserved, X rejected, C committed, L released, E expired, T returned (committed, then cancelled).</param>
/// <param name="Shortfalls">Available -1 marks an unknown SKU.</param>
public sealed record RedisReserveResult(RedisReserveOutcome Outcome, char? State, long ExpiresAtUnixMs, IReadOnlyList<StockShortfallLine> Shortfalls);

public sealed record StockQuantity(string Sku, int Quantity);

public sealed record StockShortfallLine(string Sku, int Requested, int Available);

public sealed record OpenReservation(Guid OrderId, DateTimeOffset ExpiresAt, IReadOnlyList<StockQuantity> Lines);

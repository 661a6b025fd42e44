namespace Vargo.Inventory.Stock;

/// <summary>
/// The Lua scripts that make every Redis change of an order atomic across all its SKUs. Every key of the
/// service shares one hash tag (<c>{inv}</c>), so the scripts may derive keys from a prefix and stay on one
/// cluster slot. Each script first checks the epoch (see README.md): a caller holding an old epoch gets
/// <c>STALE</c> and retries on the current one.
/// </summary>
internal static class StockScripts
{
    /// <summary>
    /// KEYS: epoch key, reservation key, then one available-units key per SKU.
    /// ARGV: epoch, expiresAtUnixMs, rejectionTtlSeconds, then sku and quantity pairs.
    /// Returns {"STALE"} | {"EXISTS", state, expiresAtMs, shortfalls} | {"RESERVED"} | {"SHORT", shortfalls}.
    /// A shortfall list is "sku\trequested\tavailable" lines; available -1 means the SKU is unknown.
    /// </summary>
    public const string Reserve = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {'STALE'} end
        local existing = redis.call('HMGET', KEYS[2], 's', 'e', 'f')
        if existing[1] then return {'EXISTS', existing[1], existing[2] or '0', existing[3] or ''} end
        local n = #KEYS - 2
        local short = {}
        for i = 1, n do
          local sku = ARGV[2 + 2 * i]
          local want = tonumber(ARGV[3 + 2 * i])
          local have = redis.call('GET', KEYS[2 + i])
          if not have then
            table.insert(short, sku .. '\t' .. want .. '\t-1')
          elseif tonumber(have) < want then
            table.insert(short, sku .. '\t' .. want .. '\t' .. have)
          end
        end
        if #short > 0 then
          local f = table.concat(short, '\n')
          redis.call('HSET', KEYS[2], 's', 'X', 'e', '0', 'f', f)
          redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
          return {'SHORT', f}
        end
        redis.call('HSET', KEYS[2], 's', 'R', 'e', ARGV[2])
        for i = 1, n do
          redis.call('DECRBY', KEYS[2 + i], ARGV[3 + 2 * i])
          redis.call('HSET', KEYS[2], 'q:' .. ARGV[2 + 2 * i], ARGV[3 + 2 * i])
        end
        return {'RESERVED'}
        """;

    /// <summary>
    /// Ends a reservation. KEYS: epoch key, reservation key. ARGV: epoch, new state (C committed, L released,
    /// E expired, V void = never happened), available-key prefix, seconds to keep the closed record.
    /// Units go back unless committed. Returns "STALE", "NONE", the state it already had, or "APPLIED".
    /// </summary>
    public const string Close = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'STALE' end
        local s = redis.call('HGET', KEYS[2], 's')
        if not s then return 'NONE' end
        if s ~= 'R' then return s end
        local fields = redis.call('HGETALL', KEYS[2])
        if ARGV[2] ~= 'C' then
          for i = 1, #fields, 2 do
            if string.sub(fields[i], 1, 2) == 'q:' then
              redis.call('INCRBY', ARGV[3] .. string.sub(fields[i], 3), fields[i + 1])
            end
          end
        end
        if ARGV[2] == 'V' then
          redis.call('DEL', KEYS[2])
        else
          redis.call('HSET', KEYS[2], 's', ARGV[2])
          redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
        end
        return 'APPLIED'
        """;

    /// <summary>
    /// Puts a committed order's units back on stock (the order was cancelled after the sale). KEYS: epoch key,
    /// reservation key, then one available-units key per line. ARGV: epoch, seconds to keep the record, then one
    /// quantity per line (from the ledger). The record's state T marks the return as applied in this generation, so a
    /// repeat adds nothing. Returns "STALE", "APPLIED" or "T".
    /// </summary>
    public const string Return = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'STALE' end
        if redis.call('HGET', KEYS[2], 's') == 'T' then return 'T' end
        for i = 3, #KEYS do
          redis.call('INCRBY', KEYS[i], ARGV[i])
        end
        redis.call('HSET', KEYS[2], 's', 'T')
        redis.call('EXPIRE', KEYS[2], tonumber(ARGV[2]))
        return 'APPLIED'
        """;

    /// <summary>
    /// Changes a SKU's units by a signed delta unless that would take it below zero (units that are reserved
    /// cannot be taken away). KEYS: epoch key, available key. ARGV: epoch, delta.
    /// Returns {"STALE"} | {"SHORT", available} | {"OK", available}.
    /// </summary>
    public const string Adjust = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {'STALE'} end
        local have = tonumber(redis.call('GET', KEYS[2]) or '0')
        local delta = tonumber(ARGV[2])
        if have + delta < 0 then return {'SHORT', tostring(have)} end
        return {'OK', tostring(redis.call('INCRBY', KEYS[2], delta))}
        """;

    /// <summary>KEYS: epoch key, then available keys. ARGV: epoch. Returns {"STALE"} or {"OK", v1, v2, …} (false = unknown).</summary>
    public const string Availability = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {'STALE'} end
        local result = {'OK'}
        for i = 2, #KEYS do
          result[i] = redis.call('GET', KEYS[i]) or ''
        end
        return result
        """;
}

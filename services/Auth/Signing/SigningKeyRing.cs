using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Vargo.Auth.Data;
using Vargo.Auth.Tokens;

namespace Vargo.Auth.Signing;

/// <summary>
/// The signing keys, read from the database (so every replica signs with the same key and publishes the
/// same JWKS) and rotated when the active key reaches <see cref="SigningOptions.KeyLifetime"/>. Replicas
/// racing to rotate serialize on a PostgreSQL advisory lock, so one new key is made.
/// </summary>
public sealed class SigningKeyRing(
    IServiceScopeFactory scopeFactory,
    IDataProtectionProvider dataProtection,
    IOptions<SigningOptions> signingOptions,
    IOptions<AuthTokenOptions> tokenOptions,
    TimeProvider timeProvider,
    ILogger<SigningKeyRing> logger)
{
    public const string ProtectorPurpose = "Vargo.Auth.SigningKeys.v1";

    // Any 64-bit constant that no other code in authdb uses as an advisory lock.
    private const long RotationLockId = 0x5661_7267_6F4B_6579;

    // Tokens are validated with up to 30 s of clock skew (see AddDefaultAuthentication).
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);
    private volatile SigningKeySet? _current;

    public async Task<SigningKeySet> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && timeProvider.GetUtcNow() < current.ValidUntil)
        {
            return current;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is not null && timeProvider.GetUtcNow() < current.ValidUntil)
            {
                return current;
            }
            return _current = await LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>
    /// Forget the cached set (a token carried a <c>kid</c> this replica does not know). Bounded to one
    /// re-read every few seconds, so a flood of forged tokens cannot turn into a flood of queries.
    /// </summary>
    public void RequestRefresh()
    {
        var current = _current;
        if (current is not null && timeProvider.GetUtcNow() - current.LoadedAt > TimeSpan.FromSeconds(5))
        {
            _current = null;
        }
    }

    private async Task<SigningKeySet> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();

        var keys = await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.ActivatesAt).ToListAsync(cancellationToken);
        if (IsRotationDue(keys, timeProvider.GetUtcNow()))
        {
            await RotateAsync(db, cancellationToken);
            keys = await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.ActivatesAt).ToListAsync(cancellationToken);
        }

        return BuildSet(keys, timeProvider.GetUtcNow());
    }

    private bool IsRotationDue(IReadOnlyList<SigningKey> newestFirst, DateTimeOffset now)
    {
        var active = newestFirst.FirstOrDefault(k => k.ActivatesAt <= now);
        var pending = newestFirst.Any(k => k.ActivatesAt > now);
        var options = signingOptions.Value;
        return active is null
            || (!pending && active.ActivatesAt + options.KeyLifetime - options.PublishAhead <= now);
    }

    private async Task RotateAsync(AuthDbContext db, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RotationLockId})", cancellationToken);

            var now = timeProvider.GetUtcNow();
            var keys = await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.ActivatesAt).ToListAsync(cancellationToken);
            if (!IsRotationDue(keys, now))
            {
                return; // another replica rotated while we waited for the lock
            }

            var active = keys.FirstOrDefault(k => k.ActivatesAt <= now);
            var successorStart = active is null ? now : active.ActivatesAt + signingOptions.Value.KeyLifetime;
            var key = CreateKey(now, successorStart > now ? successorStart : now);
            db.SigningKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            logger.LogInformation("Created signing key {KeyId}, signing from {ActivatesAt:O}", key.Id, key.ActivatesAt);
        });
        db.ChangeTracker.Clear();
    }

    private SigningKey CreateKey(DateTimeOffset now, DateTimeOffset activatesAt)
    {
        using var rsa = RSA.Create(signingOptions.Value.KeySize);
        return new SigningKey
        {
            Id = $"{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}",
            ProtectedPrivateKey = _protector.Protect(rsa.ExportPkcs8PrivateKey()),
            PublicKey = rsa.ExportSubjectPublicKeyInfo(),
            CreatedAt = now,
            ActivatesAt = activatesAt,
        };
    }

    private SigningKeySet BuildSet(IReadOnlyList<SigningKey> newestFirst, DateTimeOffset now)
    {
        var active = newestFirst.First(k => k.ActivatesAt <= now);
        var options = signingOptions.Value;
        // The last token a retired key signed may have been issued by a replica whose cache was stale.
        var retention = tokenOptions.Value.AccessTokenLifetime + ClockSkew + options.CacheDuration;

        var published = new List<RsaSecurityKey>();
        DateTimeOffset? successorActivatedAt = null;
        foreach (var key in newestFirst)
        {
            if (key.ActivatesAt > now || successorActivatedAt is null || successorActivatedAt > now - retention)
            {
                published.Add(PublicKeyOf(key));
            }
            if (key.ActivatesAt <= now)
            {
                successorActivatedAt = key.ActivatesAt;
            }
        }

        var signingRsa = RSA.Create();
        signingRsa.ImportPkcs8PrivateKey(UnprotectPrivateKey(active), out _);
        var credentials = new SigningCredentials(new RsaSecurityKey(signingRsa) { KeyId = active.Id }, SecurityAlgorithms.RsaSha256);

        var validUntil = now + options.CacheDuration;
        var nextActivation = newestFirst.Where(k => k.ActivatesAt > now).Select(k => (DateTimeOffset?)k.ActivatesAt).Min();
        if (nextActivation < validUntil)
        {
            validUntil = nextActivation.Value;
        }

        return new SigningKeySet(credentials, published, now, validUntil);
    }

    private byte[] UnprotectPrivateKey(SigningKey key)
    {
        try
        {
            return _protector.Unprotect(key.ProtectedPrivateKey);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"Signing key {key.Id} cannot be unprotected: the Data Protection key ring in authdb is missing or belongs to another application name.", ex);
        }
    }

    private static RsaSecurityKey PublicKeyOf(SigningKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(key.PublicKey, out _);
        return new RsaSecurityKey(rsa) { KeyId = key.Id };
    }
}

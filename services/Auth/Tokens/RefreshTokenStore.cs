using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Vargo.Auth.Data;

namespace Vargo.Auth.Tokens;

public enum RefreshOutcome
{
    Rotated,
    Invalid,
    /// <summary>A consumed or revoked token came back: someone holds a copy, so its family was revoked.</summary>
    Reused,
}

public sealed record RefreshResult(RefreshOutcome Outcome, Guid UserId = default, Guid FamilyId = default);

public sealed class RefreshTokenStore(
    AuthDbContext db,
    IOptions<AuthTokenOptions> options,
    TimeProvider timeProvider,
    ILogger<RefreshTokenStore> logger)
{
    public async Task<string> IssueAsync(Guid userId, Guid familyId, CancellationToken cancellationToken)
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = timeProvider.GetUtcNow();
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task<Guid?> FindUserIdAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        return await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.UserId).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Consumes <paramref name="presented"/> if it is live; the caller then issues its successor in the same family.</summary>
    public async Task<RefreshResult> ConsumeAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is null)
        {
            return new RefreshResult(RefreshOutcome.Invalid);
        }

        var now = timeProvider.GetUtcNow();
        if (token.ConsumedAt is not null || token.RevokedAt is not null)
        {
            return await ReusedAsync(token, cancellationToken);
        }
        if (token.ExpiresAt <= now)
        {
            return new RefreshResult(RefreshOutcome.Invalid);
        }

        // Two requests racing with one token: exactly one consumes it, the other counts as reuse.
        var consumed = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.ConsumedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, now), cancellationToken);
        return consumed == 1
            ? new RefreshResult(RefreshOutcome.Rotated, token.UserId, token.FamilyId)
            : await ReusedAsync(token, cancellationToken);
    }

    /// <summary>Logout: the presented token's whole session ends. Unknown tokens are ignored (logout is idempotent).</summary>
    public async Task RevokeFamilyAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash)
            .Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(cancellationToken);
        if (familyId is not null)
        {
            await RevokeAsync(db.RefreshTokens.Where(t => t.FamilyId == familyId), cancellationToken);
        }
    }

    /// <summary>Every session of the user ends (password change).</summary>
    public Task RevokeAllAsync(Guid userId, CancellationToken cancellationToken) =>
        RevokeAsync(db.RefreshTokens.Where(t => t.UserId == userId), cancellationToken);

    private async Task<RefreshResult> ReusedAsync(RefreshToken token, CancellationToken cancellationToken)
    {
        var revoked = await RevokeAsync(db.RefreshTokens.Where(t => t.FamilyId == token.FamilyId), cancellationToken);
        logger.LogWarning("Refresh token reuse for user {UserId}: revoked {Count} token(s) of session {FamilyId}",
            token.UserId, revoked, token.FamilyId);
        return new RefreshResult(RefreshOutcome.Reused, token.UserId, token.FamilyId);
    }

    private Task<int> RevokeAsync(IQueryable<RefreshToken> tokens, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return tokens.Where(t => t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

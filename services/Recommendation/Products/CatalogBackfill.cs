using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Vargo.Recommendation.Data;

namespace Vargo.Recommendation.Products;

/// <summary>
/// Reads the whole catalog once, at first start, so products that were never announced by an event to this service
/// (it was added later, or its queue was purged) become searchable. Page by page: each page is stored and embedded in
/// one batch (products whose vector is current for the model and text are skipped), then the catalog's cursor is
/// committed in <see cref="BackfillCheckpoint"/>, so a restart continues from there. Progress goes to the log, the
/// trace and <see cref="BackfillProgress"/> (the health check).
/// </summary>
public sealed class CatalogBackfill(
    IServiceScopeFactory scopes,
    ICatalogProductSource catalog,
    BackfillProgress progress,
    TimeProvider timeProvider,
    ILogger<CatalogBackfill> logger)
{
    public const int PageSize = 100;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    // One run at a time: the start-up run and an operator's re-run must not write the checkpoint over each other.
    private readonly SemaphoreSlim _running = new(1, 1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            await RunOnceAsync(cancellationToken);
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>
    /// The dashboard's "re-run the back-fill" (ops command <c>rerun-backfill</c>): forgets the checkpoint and reads the
    /// whole catalog again in the background (products whose vector is current are not embedded again). Answers at
    /// once; the health check reports Degraded with the progress until the run is done.
    /// </summary>
    public async Task<string> RestartAsync(CancellationToken stopping)
    {
        if (!await _running.WaitAsync(TimeSpan.Zero, stopping))
        {
            return $"The catalog back-fill is already running ({progress.Describe()}).";
        }
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<RecommendationDbContext>().BackfillCheckpoints
                    .Where(c => c.Source == BackfillCheckpoint.CatalogSource).ExecuteDeleteAsync(stopping);
            }
            progress.Restart();
        }
        catch
        {
            _running.Release();
            throw;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await RunOnceAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The catalog back-fill re-run failed");
                progress.Waiting($"re-run failed ({ex.GetType().Name}); run the command again");
            }
            finally
            {
                _running.Release();
            }
        }, CancellationToken.None);
        return "The catalog back-fill started over; Recommendation reports Degraded until it is done.";
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await LoadCheckpointAsync(cancellationToken);
        if (checkpoint.CompletedAt is not null)
        {
            progress.Complete(checkpoint.Processed, checkpoint.Embedded);
            return;
        }

        using var activity = ProductIndexLoader.ActivitySource.StartActivity("Catalog back-fill");
        var total = await UntilDoneAsync(catalog.CountAsync, cancellationToken);
        if (checkpoint.Cursor is not null)
        {
            logger.LogInformation("Resuming the catalog back-fill after {Processed} products", checkpoint.Processed);
        }
        progress.Report(checkpoint.Processed, total, checkpoint.Embedded);

        while (true)
        {
            CatalogPage page;
            try
            {
                page = await UntilDoneAsync(ct => catalog.ReadPageAsync(checkpoint.Cursor, PageSize, ct), cancellationToken);
            }
            catch (CatalogCursorRejectedException ex)
            {
                logger.LogWarning("{Reason} Starting the back-fill over.", ex.Message);
                (checkpoint.Cursor, checkpoint.Processed, checkpoint.Embedded) = (null, 0, 0);
                continue;
            }

            var embedded = await UntilDoneAsync(ct => StorePageAsync(page, ct), cancellationToken);
            checkpoint.Processed += page.Products.Count;
            checkpoint.Embedded += embedded;
            checkpoint.Cursor = page.NextCursor;
            checkpoint.UpdatedAt = timeProvider.GetUtcNow();
            checkpoint.CompletedAt = page.NextCursor is null ? checkpoint.UpdatedAt : null;
            await SaveCheckpointAsync(checkpoint, cancellationToken);

            activity?.SetTag("vargo.backfill.processed", checkpoint.Processed);
            if (page.NextCursor is null)
            {
                progress.Complete(checkpoint.Processed, checkpoint.Embedded);
                logger.LogInformation("Catalog back-fill done: {Processed} products read, {Embedded} embedded", checkpoint.Processed, checkpoint.Embedded);
                return;
            }
            progress.Report(checkpoint.Processed, total, checkpoint.Embedded);
            logger.LogInformation("Catalog back-fill {Processed}/{Total} products ({Embedded} embedded)", checkpoint.Processed, total, checkpoint.Embedded);
        }
    }

    private async Task<int> StorePageAsync(CatalogPage page, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProductVectorWriter>().UpsertManyAsync(page.Products, cancellationToken);
    }

    private async Task<BackfillCheckpoint> LoadCheckpointAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecommendationDbContext>();
        var now = timeProvider.GetUtcNow();
        return await db.BackfillCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Source == BackfillCheckpoint.CatalogSource, cancellationToken)
            ?? new BackfillCheckpoint { Source = BackfillCheckpoint.CatalogSource, StartedAt = now, UpdatedAt = now };
    }

    private async Task SaveCheckpointAsync(BackfillCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecommendationDbContext>();
        if (await db.BackfillCheckpoints.AnyAsync(c => c.Source == checkpoint.Source, cancellationToken))
        {
            db.BackfillCheckpoints.Update(checkpoint);
        }
        else
        {
            db.BackfillCheckpoints.Add(checkpoint);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Retries a step until it succeeds: the catalog may still be starting (or slow: a timed-out call is retried too), and an event for the same product may
    /// insert it first (a unique-key conflict; the retry then finds the row and skips it if current).
    /// </summary>
    private async Task<T> UntilDoneAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await step(cancellationToken);
            }
            // Polly's rejections (the standard resilience handler's total timeout, an open circuit) are the catalog being
            // slow or down too: a first start reads 1,200 products at once while the catalog is still seeding them.
            catch (Exception ex) when ((ex is HttpRequestException or DbUpdateException or TaskCanceledException or Polly.ExecutionRejectedException)
                && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Catalog back-fill step failed ({Error}); retrying in {Delay} s", ex.GetType().Name, RetryDelay.TotalSeconds);
                progress.Waiting($"{ex.GetType().Name}, retrying");
                await Task.Delay(RetryDelay, timeProvider, cancellationToken);
            }
        }
    }
}

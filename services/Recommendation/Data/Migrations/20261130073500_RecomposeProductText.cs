using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vargo.Recommendation.Data.Migrations;

/// <summary>
/// The product text now names the colours and sizes a product comes in (the shopper search filters on them). The stored
/// rows were composed without them and only the catalog has the variants, so the finished back-fill is forgotten: it runs
/// once more, re-composes every product's text, and re-embeds only those whose text changed. No schema change.
/// </summary>
[DbContext(typeof(RecommendationDbContext))]
[Migration("20261130073500_RecomposeProductText")]
public sealed class RecomposeProductText : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DELETE FROM backfill_checkpoints;");

    // Nothing to undo: a back-fill that ran again is harmless.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}

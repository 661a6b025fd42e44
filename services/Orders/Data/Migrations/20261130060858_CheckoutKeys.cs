using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vargo.Orders.Data.Migrations
{
    /// <inheritdoc />
    public partial class CheckoutKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "checkout_keys",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClaimedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkout_keys", x => new { x.CustomerId, x.Key });
                });

            // Keys used before this table existed keep answering with their orders.
            migrationBuilder.Sql("""
                INSERT INTO checkout_keys ("CustomerId", "Key", "RequestHash", "OrderId", "CreatedAt", "ClaimedUntil")
                SELECT "CustomerId", "IdempotencyKey", "RequestHash", "Id", "CreatedAt", "CreatedAt" FROM orders
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "checkout_keys");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vargo.Auth.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProfileComplexTypes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A complex collection is never null: accounts saved without addresses get the empty list.
            migrationBuilder.Sql("""UPDATE "AspNetUsers" SET "Addresses" = '[]' WHERE "Addresses" IS NULL;""");
            migrationBuilder.AlterColumn<string>(
                name: "Addresses",
                table: "AspNetUsers",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]",
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Addresses",
                table: "AspNetUsers",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb");
        }
    }
}

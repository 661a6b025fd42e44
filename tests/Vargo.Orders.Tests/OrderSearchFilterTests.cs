using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vargo.Orders.Apis;
using Vargo.Orders.Data;
using Vargo.Testing;

namespace Vargo.Orders.Tests;

/// <summary>The admin order search's status filter is a closed set: an unknown value is a 400, never "every order".</summary>
public sealed class OrderSearchFilterTests(PostgresFixture fixture)
{
    [Theory]
    [InlineData("Bogus")]
    [InlineData("3")]
    [InlineData("99")]
    [InlineData("Placed,Shipped")]
    public async Task An_unknown_status_is_400_naming_status(string status)
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);

        var result = await harness.InScopeAsync(sp => OrdersApi.Search(sp.GetRequiredService<OrdersDbContext>(), new PageRequest(), status));

        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Equal(["status"], problem.ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("Placed")]
    [InlineData("refunded")]
    [InlineData("")]
    public async Task A_status_name_in_any_case_or_none_filters(string status)
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 3), 1));
        await harness.CheckoutAsync(customer);

        var result = await harness.InScopeAsync(sp => OrdersApi.Search(sp.GetRequiredService<OrdersDbContext>(), new PageRequest(), status));

        var orders = Assert.IsType<Ok<List<Vargo.Orders.Ordering.OrderView>>>(result.Result).Value!;
        Assert.Equal(status is "refunded" ? 0 : 1, orders.Count);
    }
}

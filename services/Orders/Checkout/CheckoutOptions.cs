using System.ComponentModel.DataAnnotations;

namespace Vargo.Orders.Checkout;

/// <summary>Configuration section <c>Orders:Checkout</c>.</summary>
public sealed class CheckoutOptions
{
    public const string Section = "Orders:Checkout";

    /// <summary>Deadline of each gRPC call the saga makes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StepDeadline { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the request that creates an order owns its saga. Longer than every step's deadline together, so
    /// the recovery worker only ever picks up sagas whose driver is gone (crashed, or stuck past its deadlines).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long Inventory holds the stock before it expires (Inventory's own default when zero).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Whether the saga also commits the stock reservation itself (gRPC <c>CommitReservation</c>) right after saving the
    /// order Placed. Off by default: Inventory commits it when it consumes OrderPlaced (exactly once, through the outbox and
    /// its inbox), and its expiry asks Orders before releasing a reservation, so a Placed order's units are never released
    /// and resold however late the event is. On: the sale shows in Inventory's ledger at once, for one more gRPC call and
    /// one more Inventory transaction per checkout (README.md, "Checkout protocol").
    /// </summary>
    public bool CommitStockSynchronously { get; set; }

    /// <summary>
    /// A card checkout as one Payment call (a "sale": Authorize with capture) instead of Authorize then Capture: one gRPC
    /// call, one Payment transaction and one saved status (PaymentAuthorized) less per checkout. Off by default: the
    /// two-step protocol only takes the money once the order is about to be placed, so a failure after the payment voids
    /// a hold instead of refunding a charge (a refund reaches the customer days later and, with a real gateway, may
    /// cost a fee). On, a checkout interrupted between the sale and saving the order is refunded by recovery
    /// (README.md, "Checkout protocol: one payment call").
    /// </summary>
    public bool AuthorizeAndCapture { get; set; }

    /// <summary>How often the recovery worker looks for abandoned sagas.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(5);
}

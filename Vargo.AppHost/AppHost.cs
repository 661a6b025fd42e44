using Vargo.AppHost;
using Vargo.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddVargoInfrastructure();

var auth = builder.AddVargoService<Projects.Vargo_Auth>("auth", identity: null)
    .WithStore(infrastructure.AuthDb)
    .WithBus(infrastructure.Messaging);
var identity = auth.GetEndpoint("http");
auth.WithEnvironment("Identity__Url", identity);
// The first admin: the email defaults for development and Parameters:admin-email (or azd's prompt) replaces it; the
// password is generated once, kept in the AppHost's user secrets and shown (masked) in the dashboard's parameters.
var adminEmail = builder.AddParameterWithDefault("admin-email", "admin@vargo.local", "The first admin's email (the login)");
var adminPassword = builder.AddParameter("admin-password", new GenerateParameterDefault { MinLength = 20 }, secret: true, persist: true)
    .WithDescription("The first admin's password (generated when not set)");
auth.WithEnvironment("Auth__Admin__Email", adminEmail)
    .WithEnvironment("Auth__Admin__Password", adminPassword);
if (!builder.ExecutionContext.IsPublishMode)
{
    auth.WithDemoCustomer(); // development only: a customer to sign in as at once (parameters shown in the dashboard)
}

var catalog = builder.AddVargoService<Projects.Vargo_Catalog>("catalog", identity)
    .WithStore(infrastructure.CatalogDb)
    .WithStore(infrastructure.Redis)
    .WithBus(infrastructure.Messaging);

var inventory = builder.AddVargoService<Projects.Vargo_Inventory>("inventory", identity)
    .WithStore(infrastructure.InventoryDb)
    .WithStore(infrastructure.Redis)
    .WithBus(infrastructure.Messaging);

var payment = builder.AddVargoService<Projects.Vargo_Payment>("payment", identity)
    .WithStore(infrastructure.PaymentsDb)
    .WithBus(infrastructure.Messaging)
    // Without a key, payments go to the simulated gateway.
    .WithOptionalParameter("Payment__Stripe__SecretKey",
        builder.AddOptionalSecret("stripe-secret-key", "Stripe secret key (sk_test_…/sk_live_…); empty: the simulated gateway"));

var orders = builder.AddVargoService<Projects.Vargo_Orders>("orders", identity)
    .WithStore(infrastructure.OrdersDb)
    .WithBus(infrastructure.Messaging)
    // The checkout saga's gRPC peers, reached as http://_grpc.catalog etc. (service discovery).
    .WithGrpcPeer(catalog)
    .WithGrpcPeer(inventory)
    .WithGrpcPeer(payment);
// Inventory's reservation expiry asks Orders what became of the checkout first (protos/orders.proto).
inventory.WithGrpcPeer(orders);

var recommendation = builder.AddVargoService<Projects.Vargo_Recommendation>("recommendation", identity)
    .WithStore(infrastructure.RecommendationDb)
    .WithBus(infrastructure.Messaging)
    .WithReference(orders)       // the assistant adds to the cart and lists orders as the user
    .WithReference(catalog)      // the back-fill reads the whole catalog at first start
    .WithGrpcPeer(inventory)     // and asks availability (gRPC)
    // Degraded on the dashboard (not green) while the catalog back-fill is still filling the search index.
    .WithReportedHealth("The catalog back-fill is still filling the search index")
    // The shopping assistant's chat model; with the provider None (the default) the assistant is off.
    .WithOptionalParameter("Assistant__Provider",
        builder.AddParameterWithDefault("assistant-provider", "None", "The assistant's chat model provider: None, OpenAI or AzureOpenAI"))
    .WithOptionalParameter("Assistant__Endpoint",
        builder.AddOptionalSecret("assistant-endpoint", "The chat model's endpoint (Azure OpenAI, or any OpenAI-compatible server); empty: OpenAI's"))
    .WithOptionalParameter("Assistant__ApiKey",
        builder.AddOptionalSecret("assistant-api-key", "The chat model's API key"));

var notification = builder.AddVargoService<Projects.Vargo_Notification>("notification", identity)
    .WithStore(infrastructure.NotificationsDb)
    .WithBus(infrastructure.Messaging)
    // Without an SMTP host, e-mail is written as .eml files to the pickup folder.
    .WithOptionalParameter("Smtp__Host", builder.AddOptionalSecret("smtp-host", "SMTP server for e-mail; empty: .eml files in the pickup folder"))
    .WithOptionalParameter("Smtp__Port", builder.AddParameterWithDefault("smtp-port", "587", "SMTP port (465: TLS, else STARTTLS when offered)"))
    .WithOptionalParameter("Smtp__Username", builder.AddOptionalSecret("smtp-username", "SMTP user name"))
    .WithOptionalParameter("Smtp__Password", builder.AddOptionalSecret("smtp-password", "SMTP password"));
if (builder.ExecutionContext.IsPublishMode)
{
    // Deployed without an SMTP host, e-mail still needs a folder the image's non-root user may write (/app is not):
    // the container's own /tmp, lost with the container (set smtp-host for real mail).
    notification.WithEnvironment("Notifications__PickupFolder", "/tmp/vargo-mail");
}
else
{
    // Without Smtp settings, email lands as .eml files here (open them with any mail client).
    var mailFolder = Path.Combine(Vargo.Hosting.Local.LocalDataDirectory.Resolve(builder), "mail");
    notification.WithEnvironment("Notifications__PickupFolder", mailFolder)
        .WithInfoCommand("mail-folder", "Show the mail folder", "Where the development e-mails (.eml) are written", "Mail",
            $"E-mails are written to {mailFolder} (open the .eml files with any mail client).");

    // Dashboard commands for what a developer otherwise does by hand (docs/operations.md, "Dashboard commands").
    var opsKey = builder.AddOpsKey();
    catalog.WithOpsCommands(opsKey,
        ("reseed-demo-catalog", "Reseed the demo catalog", "Adds back the demo categories and products the catalog lacks", "ArrowReset"));
    inventory.WithOpsCommands(opsKey,
        ("rebuild-stock", "Rebuild stock from the ledger", "Publishes a new Redis stock generation computed from the ledger", "ArrowSync"),
        ("replay-dead-letters", "Replay dead letters", "Sends Inventory's dead letters back to its queue", "MailArrowUp"));
    orders.WithOpsCommands(opsKey,
        ("replay-dead-letters", "Replay dead letters", "Sends Orders' dead letters back to its queue", "MailArrowUp"));
    recommendation.WithOpsCommands(opsKey,
        ("rerun-backfill", "Re-run the catalog back-fill", "Reads the whole catalog again and embeds what changed", "ArrowClockwise"),
        ("replay-dead-letters", "Replay dead letters", "Sends Recommendation's dead letters back to its queue", "MailArrowUp"));
    notification.WithOpsCommands(opsKey,
        ("replay-dead-letters", "Replay dead letters", "Sends Notification's dead letters back to its queue", "MailArrowUp"));
}

// The storefront (Blazor, a BFF): the gateway serves it at every path outside /api, and it calls the API back
// through the gateway with the shopper's token, which only it holds.
var web = builder.AddVargoService<Projects.Vargo_Web>("web", identity: null, api: false);
if (!builder.ExecutionContext.IsPublishMode)
{
    // Data Protection keys (session cookies, anti-forgery) kept beside the app's data, so sign-ins survive a restart.
    web.WithEnvironment("Web__KeysFolder", Path.Combine(Vargo.Hosting.Local.LocalDataDirectory.Resolve(builder), "web-keys"));
}

var gateway = builder.AddVargoGateway<Projects.Vargo_Gateway>("gateway",
    auth, catalog, inventory, orders, payment, recommendation, notification, web);
web.WithReference(gateway);
builder.AddStartupReport(gateway);

var app = builder.Build();
app.Run();
return app.StartupExitCode();

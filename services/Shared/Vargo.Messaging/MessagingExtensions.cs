using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using Vargo.Messaging.Consuming;
using Vargo.Messaging.DeadLetters;
using Vargo.Messaging.Outbox;

namespace Vargo.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// The Vargo event bus on the RabbitMQ connection <paramref name="connectionName"/> (Aspire.RabbitMQ.Client):
    /// then <c>UseDbContext&lt;T&gt;()</c> for the outbox relay and inbox, and <c>AddConsumer&lt;TEvent, THandler&gt;()</c> per handler.
    /// Settings come from the <c>Messaging</c> configuration section (<see cref="MessagingOptions"/>).
    /// </summary>
    public static VargoMessagingBuilder AddVargoMessaging(
        this IHostApplicationBuilder builder, string connectionName, Action<MessagingOptions>? configure = null)
    {
        if (!builder.Services.Any(d => d.ServiceType == typeof(IConnection) && !d.IsKeyedService))
        {
            builder.AddRabbitMQClient(connectionName);
        }

        var applicationName = builder.Environment.ApplicationName;
        var optionsBuilder = builder.Services.AddOptions<MessagingOptions>()
            .BindConfiguration(MessagingOptions.Section)
            .PostConfigure(o => o.ServiceName ??= MessagingOptions.DefaultServiceName(applicationName))
            .ValidateDataAnnotations()
            .Validate(o => o.RetryDelays.All(d => d > TimeSpan.Zero), "Messaging:RetryDelays must be positive.")
            .ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        var registry = new ConsumerRegistry();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The host normally registers IMeterFactory already; AddMetrics is idempotent for hosts that do not.
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton<BusTopology>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton(sp => new CommitSignalInterceptor<OutboxMessage>(sp.GetRequiredService<OutboxSignal>()));
        builder.Services.AddSingleton<InboxProcessor>();
        builder.Services.AddSingleton<DeadLetterQueue>();
        builder.Services.AddSingleton<ConsumerReadiness>();
        builder.Services.AddHealthChecks().AddCheck<ConsumerReadiness>("messaging-consumer");
        builder.Services.AddHostedService<EventConsumer>();

        return new VargoMessagingBuilder(builder, registry);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vargo.Messaging.Consuming;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;

namespace Vargo.Messaging;

public sealed class VargoMessagingBuilder
{
    private readonly ConsumerRegistry _registry;
    private bool _hasStore;

    internal VargoMessagingBuilder(IHostApplicationBuilder builder, ConsumerRegistry registry)
    {
        HostBuilder = builder;
        _registry = registry;
    }

    public IHostApplicationBuilder HostBuilder { get; }

    public IServiceCollection Services => HostBuilder.Services;

    /// <summary>
    /// Keeps this service's outbox and inbox in <typeparamref name="TDbContext"/>'s database (its model must call
    /// <c>AddMessagingTables()</c>) and runs the relay that publishes the outbox.
    /// </summary>
    public VargoMessagingBuilder UseDbContext<TDbContext>() where TDbContext : DbContext
    {
        if (_hasStore)
        {
            throw new InvalidOperationException("UseDbContext may be called once: a service keeps its outbox and inbox in one database.");
        }
        _hasStore = true;

        Services.AddScoped(sp => new MessagingStore(sp.GetRequiredService<TDbContext>()));
        Services.ConfigureDbContext<TDbContext>(
            (sp, options) => options.AddInterceptors(sp.GetRequiredService<CommitSignalInterceptor<OutboxMessage>>()),
            ServiceLifetime.Singleton);
        Services.AddHostedService<OutboxRelay<TDbContext>>();
        return this;
    }

    /// <summary>Handles <typeparamref name="TEvent"/> with <typeparamref name="THandler"/> (scoped), binding this service's queue to the event type.</summary>
    public VargoMessagingBuilder AddConsumer<TEvent, THandler>()
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        Services.AddScoped<THandler>();
        _registry.Add(new ConsumerRegistration(
            EventSerializer.EventName(typeof(TEvent)),
            typeof(TEvent),
            typeof(THandler).FullName ?? typeof(THandler).Name,
            (services, @event, cancellationToken) =>
                services.GetRequiredService<THandler>().HandleAsync((TEvent)@event, cancellationToken)));
        return this;
    }
}

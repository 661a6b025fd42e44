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
            throw new InvalidOperationException("A service keeps its outbox and inbox in one database: call UseDbContext or UseMongoOutbox once.");
        }
        _hasStore = true;

        Services.AddScoped(sp => new MessagingStore(sp.GetRequiredService<TDbContext>()));
        Services.ConfigureDbContext<TDbContext>(
            (sp, options) => options.AddInterceptors(sp.GetRequiredService<CommitSignalInterceptor<OutboxMessage>>()),
            ServiceLifetime.Singleton);
        Services.AddSingleton<EfOutboxStore<TDbContext>>();
        Services.AddHostedService<OutboxRelay<EfOutboxStore<TDbContext>>>();
        return this;
    }

    /// <summary>
    /// Keeps this service's outbox inside the documents of the MongoDB <paramref name="collections"/> (of the
    /// <see cref="MongoDB.Driver.IMongoDatabase"/> registered in DI), written with <see cref="Outbox.Mongo.MongoOutbox"/>
    /// in the same document write as the change, and runs the relay that publishes it. MongoDB keeps no inbox here:
    /// a service that consumes events keeps its inbox in a relational database (<see cref="UseDbContext{TDbContext}"/>).
    /// </summary>
    public VargoMessagingBuilder UseMongoOutbox(params string[] collections)
    {
        if (_hasStore)
        {
            throw new InvalidOperationException("A service keeps its outbox in one database: call UseDbContext or UseMongoOutbox once.");
        }
        if (collections.Length == 0)
        {
            throw new ArgumentException("Name at least one collection whose documents carry outbox entries.", nameof(collections));
        }
        _hasStore = true;

        Services.AddSingleton(sp => new Outbox.Mongo.MongoOutboxStore(sp.GetRequiredService<MongoDB.Driver.IMongoDatabase>(), collections));
        Services.AddHostedService<OutboxRelay<Outbox.Mongo.MongoOutboxStore>>();
        return this;
    }

    /// <summary>
    /// Publishes <typeparamref name="TEvent"/> without requiring a bound queue (see
    /// <see cref="MessagingOptions.EventsWithoutSubscriber"/>): for events that are part of the contract but that no
    /// service consumes, so that publishing them costs one confirmed publish, not a retry every few seconds for the
    /// unroutable window. Remove it once a consumer that must not miss an event at start-up binds to it.
    /// </summary>
    public VargoMessagingBuilder PublishesWithoutSubscriber<TEvent>() where TEvent : IntegrationEvent
    {
        Services.Configure<MessagingOptions>(o => o.EventsWithoutSubscriber.Add(EventSerializer.EventName(typeof(TEvent))));
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

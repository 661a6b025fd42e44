// Publish→consume throughput on real local servers, both ways in one run:
//   raw:   RabbitMQ.Client 7, persistent messages, publisher confirms (batches of 100 in flight), manual acks.
//   vargo: Vargo.Messaging: events written to the outbox in transactions of 100, relayed in batches with one confirm
//          wait, consumed with an inbox transaction per message (InboxBatchSize = 1, the former behaviour) and per batch
//          (the defaults), each with 1 and 8 concurrent workers.
// Usage: dotnet run -c Release --project bench/Vargo.Bench.Messaging [-- messages [docs/benchmarks.md]]
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Vargo.Bench.Messaging;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Testing;

var messages = args.Length > 0 ? int.Parse(args[0]) : 2000;
var report = args.Length > 1 ? args[1] : null;
const int Batch = 100;

using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
await using var servers = await LocalServers.StartAsync(LocalServerKinds.Postgres | LocalServerKinds.RabbitMQ, timeout.Token);
var amqp = await servers.GetConnectionStringAsync(LocalServers.RabbitMQ);

OrderPlaced NewEvent() => new(Guid.NewGuid(), Guid.NewGuid(), "bench@example.test",
    [new OrderLine(Guid.NewGuid(), "SKU-1", "Kettle", 1, 25m)], 25m, "EUR") { OccurredAt = DateTimeOffset.UtcNow };

async Task<double> RawAsync(int count)
{
    var factory = new ConnectionFactory { Uri = new Uri(amqp) };
    await using var connection = await factory.CreateConnectionAsync();
    await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
    await using var consumerChannel = await connection.CreateChannelAsync();
    var exchange = $"raw-{Guid.NewGuid():N}";
    await publisher.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
    var queue = (await consumerChannel.QueueDeclareAsync($"{exchange}.q", durable: true, exclusive: false, autoDelete: true)).QueueName;
    await consumerChannel.QueueBindAsync(queue, exchange, nameof(OrderPlaced));
    await consumerChannel.BasicQosAsync(0, 32, false);

    var received = 0;
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var consumer = new AsyncEventingBasicConsumer(consumerChannel);
    consumer.ReceivedAsync += async (_, delivery) =>
    {
        JsonSerializer.Deserialize<OrderPlaced>(delivery.Body.Span, JsonSerializerOptions.Web);
        await consumerChannel.BasicAckAsync(delivery.DeliveryTag, false);
        if (Interlocked.Increment(ref received) == count)
        {
            done.TrySetResult();
        }
    };
    await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);

    var watch = Stopwatch.StartNew();
    for (var sent = 0; sent < count; sent += Batch)
    {
        var publishes = Enumerable.Range(0, Math.Min(Batch, count - sent)).Select(_ =>
        {
            var @event = NewEvent();
            var properties = new BasicProperties { MessageId = @event.Id.ToString(), Type = nameof(OrderPlaced), DeliveryMode = DeliveryModes.Persistent };
            return publisher.BasicPublishAsync(exchange, nameof(OrderPlaced), true, properties,
                JsonSerializer.SerializeToUtf8Bytes(@event, JsonSerializerOptions.Web)).AsTask();
        }).ToList();
        await Task.WhenAll(publishes);
    }
    await done.Task.WaitAsync(timeout.Token);
    return count / watch.Elapsed.TotalSeconds;
}

// Returns end-to-end messages/s and the relay's own rate (written → confirmed by the broker, from the published counter).
async Task<(double Rate, double RelayRate)> VargoAsync(int count, ushort concurrency, int inboxBatch)
{
    var suffix = Guid.NewGuid().ToString("N")[..8];
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Vargo.Bench" });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:messaging"] = amqp,
        ["ConnectionStrings:benchdb"] = await servers.CreateDatabaseAsync("bench"),
    });
    builder.AddNpgsqlDbContext<BenchDbContext>("benchdb");
    builder.Services.AddSingleton<Progress>();
    builder.AddVargoMessaging("messaging", o =>
        {
            o.Exchange = $"vargo-bench-{suffix}";
            o.ServiceName = $"bench-{suffix}";
            o.ConsumerConcurrency = concurrency;
            o.InboxBatchSize = inboxBatch;
        })
        .UseDbContext<BenchDbContext>()
        .AddConsumer<OrderPlaced, CountOrderPlaced>();
    using var host = builder.Build();
    await using (var scope = host.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<BenchDbContext>().Database.EnsureCreatedAsync();
    }
    await host.StartAsync();

    // Warm-up: the consumer has declared and bound its queue once one event went through.
    var progress = host.Services.GetRequiredService<Progress>();
    var warm = progress.Expect(1);
    await WriteAsync(host, 1);
    await warm.WaitAsync(timeout.Token);

    var published = 0;
    var relayed = TimeSpan.Zero;
    var watch = new Stopwatch();
    using var listener = new MeterListener();
    listener.InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter.Name == "Vargo.Messaging" && instrument.Name == "vargo.messaging.published")
        {
            l.EnableMeasurementEvents(instrument);
        }
    };
    listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
    {
        if (Interlocked.Add(ref published, (int)value) == count)
        {
            relayed = watch.Elapsed;
        }
    });
    listener.Start();

    var done = progress.Expect(count);
    watch.Start();
    await WriteAsync(host, count);
    await done.WaitAsync(timeout.Token);
    var rate = count / watch.Elapsed.TotalSeconds;
    await host.StopAsync();
    return (rate, relayed > TimeSpan.Zero ? count / relayed.TotalSeconds : double.NaN);
}

async Task WriteAsync(IHost host, int count)
{
    for (var written = 0; written < count; written += Batch)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        for (var i = 0; i < Math.Min(Batch, count - written); i++)
        {
            db.AddIntegrationEvent(NewEvent());
        }
        await db.SaveChangesAsync();
    }
}

// One small warm-up of each path (JIT, connections), then the measured runs, raw first.
await RawAsync(200);
await VargoAsync(200, 1, 100);
var raw = await RawAsync(messages);
var single = await VargoAsync(messages, 1, 1);
var single8 = await VargoAsync(messages, 8, 1);
var vargo = await VargoAsync(messages, 1, 100);
var vargo8 = await VargoAsync(messages, 8, 100);
var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];

var lines = new[]
{
    $"| path | messages/s end to end | ratio to raw | relay alone (written → confirmed), messages/s |",
    $"| --- | --- | --- | --- |",
    $"| raw RabbitMQ.Client 7 (persistent, confirms, manual ack) | {raw:F0} | 1.00 | |",
    $"| Vargo.Messaging, inbox transaction per message (`InboxBatchSize = 1`, the former behaviour) | {single.Rate:F0} | {single.Rate / raw:F3} | {single.RelayRate:F0} |",
    $"| same, `ConsumerConcurrency = 8` | {single8.Rate:F0} | {single8.Rate / raw:F3} | {single8.RelayRate:F0} |",
    $"| **Vargo.Messaging, defaults: inbox batches (`InboxBatchSize = 100`, window 2 ms, prefetch 256)** | **{vargo.Rate:F0}** | **{vargo.Rate / raw:F3}** | {vargo.RelayRate:F0} |",
    $"| same, `ConsumerConcurrency = 8` | {vargo8.Rate:F0} | {vargo8.Rate / raw:F3} | {vargo8.RelayRate:F0} |",
};
foreach (var line in lines)
{
    Console.WriteLine(line);
}

if (report is not null)
{
    var section = string.Join('\n',
    [
        "## Messaging: publish → consume (Vargo.Messaging vs raw RabbitMQ.Client)",
        "",
        $"{messages} `OrderPlaced` events end to end on local PostgreSQL and RabbitMQ, {Environment.ProcessorCount} cores, " +
        $"measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {string.Join(' ', load)} (1/5/15 min; the machine " +
        "was shared with other builds and benches). All rows in one run. Raw: publish in batches of " +
        $"{Batch} confirms, consume with manual acks (prefetch 32). Vargo: outbox rows written in transactions of {Batch}, " +
        "relayed in batches of up to 200 with one confirm wait and one `UPDATE` marking them sent, then consumed through " +
        "the inbox. With one inbox transaction per message the commit per message bounds the consumer; batching the " +
        "inbox (one claim statement, the handlers, one commit, then the acks) removes that bound and the consumer keeps " +
        "up with the relay (end to end ≈ relay alone), so the relay (database write + read + mark per batch) is now the " +
        "limit. Settings: services/Shared/Vargo.Messaging/README.md.",
        "",
        .. lines,
        "",
        $"Reproduce: `dotnet run -c Release --project bench/Vargo.Bench.Messaging -- {messages} docs/benchmarks.md`",
    ]);
    await Vargo.Bench.MarkedSection.WriteAsync(report, "messaging", section);
}

using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace Vargo.Messaging.Outbox.Mongo;

/// <summary>
/// An event waiting for the relay, kept in the array <see cref="MongoOutbox.Field"/> of the document whose change raised
/// it: MongoDB writes one document atomically (no replica set or transaction needed), so the change and its event are
/// stored together or not at all. The relay removes the entry once the broker confirmed it.
/// </summary>
public sealed class MongoOutboxEntry : IOutboxRecord
{
    /// <summary>The event's id, also the AMQP message id consumers de-duplicate on.</summary>
    [BsonId, BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid Id { get; set; }

    public required string EventType { get; set; }

    public required string Payload { get; set; }

    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When the change was written; the relay publishes in this order (and, within a document, in array order).</summary>
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    public string? TraceParent { get; set; }

    public string? TraceState { get; set; }

    /// <summary>Publishes the broker refused or returned (unroutable); connection failures do not count.</summary>
    public int Attempts { get; set; }

    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set by the relay on confirmation, then the entry leaves the document (see <see cref="MongoOutboxSentRecord"/>).</summary>
    [BsonIgnore]
    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>
/// The record of a sent (or dropped as unroutable) message in the <c>outbox_sent</c> collection, kept for
/// <c>Messaging:OutboxRetention</c> like the PostgreSQL outbox's sent rows.
/// </summary>
internal sealed class MongoOutboxSentRecord
{
    [BsonId, BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid Id { get; set; }

    public required string EventType { get; set; }

    /// <summary>The collection and document that held the entry.</summary>
    public required string Collection { get; set; }

    public required BsonValue DocumentId { get; set; }

    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

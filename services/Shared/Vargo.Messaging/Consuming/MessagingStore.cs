using Microsoft.EntityFrameworkCore;

namespace Vargo.Messaging.Consuming;

/// <summary>The scoped DbContext (chosen with <c>UseDbContext</c>) holding this service's inbox.</summary>
internal sealed record MessagingStore(DbContext Context);

using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vargo.Testing;

namespace Vargo.AppHost.Tests;

/// <summary>
/// The AppHost tells the truth when a service cannot start: Auth refuses an admin password the policy forbids, the
/// AppHost names Auth and the rule in its console, never says "ready", and stops with a failing exit code. Its own app,
/// not the shared fixture's, cut down to what Auth needs (PostgreSQL, authdb, RabbitMQ, Auth): about a minute on a
/// loaded 2-core machine instead of the whole app's several.
/// </summary>
public sealed class StartupTruthTests(ITestOutputHelper output)
{
    // A bound, not an expectation: PostgreSQL, RabbitMQ (about 7 s alone) and Auth's start on a loaded machine.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private static readonly string[] AuthAndWhatItNeeds = ["auth", "authdb", "postgres", "messaging"];

    [Fact]
    public async Task An_admin_password_the_policy_refuses_makes_the_AppHost_report_Auth_and_stop_instead_of_ready()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vargo-apphost-refused-").FullName;
        var logs = new ConcurrentQueue<string>();
        try
        {
            using var timeout = new CancellationTokenSource(Bound);
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(
                [
                    "--Infrastructure", "local",
                    "--DataDirectory", dataDirectory,
                    "--Gateway:Port", "0",
                    // Contains the admin address's local part ("admin"): long enough, refused as too close to the email.
                    "--Parameters:admin-password", "admin-password-2026",
                ],
                timeout.Token);
            foreach (var resource in builder.Resources.Where(r => r is not ParameterResource && !AuthAndWhatItNeeds.Contains(r.Name)).ToList())
            {
                builder.Resources.Remove(resource);
            }
            builder.Services.AddLogging(logging => logging
                .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning)
                .AddProvider(new CapturingLoggerProvider(logs)));
            TestRunProcesses.Mark(builder, dataDirectory);

            await using var app = await builder.BuildAsync(timeout.Token);
            await app.StartAsync(timeout.Token);
            var report = app.Services.GetRequiredService<StartupReport>();

            var ready = await report.Outcome.WaitAsync(timeout.Token);

            Assert.False(ready);
            Assert.StartsWith("auth ", report.Failure);
            Assert.Contains("The admin account admin@vargo.local could not be created", report.Failure);
            Assert.Contains("PasswordTooCommon: This password is too common or too close to the email address", report.Failure);
            Assert.DoesNotContain("admin-password-2026", report.Failure);
            Assert.Equal(1, app.StartupExitCode());
            Assert.Contains(logs, line => line.StartsWith("Vargo could not start: auth ", StringComparison.Ordinal));
            Assert.DoesNotContain(logs, line => line.Contains("Vargo is ready", StringComparison.Ordinal));
            // The AppHost stops itself: dotnet run ends (with StartupExitCode) instead of running half an app.
            Assert.True(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await app.StopAsync(stop.Token);
        }
        finally
        {
            // What the AppHost's console said, for a failure's diagnosis.
            output.WriteLine(string.Join(Environment.NewLine, logs));
            TestRunProcesses.KillLeftovers(dataDirectory);
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData(137, "killed: SIGKILL")]
    [InlineData(143, "stopped: SIGTERM")]
    public void An_exit_code_that_means_a_signal_is_explained(int exitCode, string explanation) =>
        Assert.Contains(explanation, StartupReport.ExplainExitCode(exitCode));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void An_ordinary_exit_code_is_shown_as_it_is(int exitCode) => Assert.Equal("", StartupReport.ExplainExitCode(exitCode));

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(sink);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<string> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Enqueue(formatter(state, exception));
        }
    }
}

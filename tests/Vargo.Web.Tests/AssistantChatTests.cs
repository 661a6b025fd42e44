using System.Net;
using System.Text.Json;
using Vargo.Web.Components.Shared;

namespace Vargo.Web.Tests;

public sealed class AssistantChatTests : WebComponentTest
{
    private IRenderedComponent<AssistantChat> RenderChat() => Render<AssistantChat>();

    private static Task Ask(IRenderedComponent<AssistantChat> cut, string message)
    {
        cut.Find("#chat-message").Change(message);
        return cut.Find("form").SubmitAsync();
    }

    [Fact]
    public async Task Shows_the_answer_piece_by_piece_as_the_stream_delivers_it()
    {
        var stream = new SseStream();
        Gateway.Respond = _ => stream.Response();
        var cut = RenderChat();

        var sending = Ask(cut, "running shoes under 150");

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("running shoes under 150", cut.Find("[data-testid=chat-user] p").TextContent);
            Assert.NotNull(cut.Find("[data-testid=chat-busy]"));
            Assert.Equal("true", cut.Find("[data-testid=chat-log]").GetAttribute("aria-busy"));
            Assert.True(cut.Find("[data-testid=chat-send]").HasAttribute("disabled"));
        }, Wait);

        await stream.SendAsync("Here are two ", "text");
        cut.WaitForAssertion(() => Assert.Equal("Here are two ", cut.Find("[data-testid=chat-assistant] p").TextContent), Wait);
        Assert.NotNull(cut.Find("[data-testid=chat-busy]"));

        await stream.SendAsync("pairs:\n- Trail Runner 129.00 USD", "text");
        await stream.EndAsync();
        await sending;

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Here are two pairs:\n- Trail Runner 129.00 USD", cut.Find("[data-testid=chat-assistant] p").TextContent);
            Assert.Empty(cut.FindAll("[data-testid=chat-busy]"));
            Assert.Equal("false", cut.Find("[data-testid=chat-log]").GetAttribute("aria-busy"));
            Assert.False(cut.Find("[data-testid=chat-send]").HasAttribute("disabled"));
        }, Wait);
    }

    [Fact]
    public async Task Posts_the_question_with_the_earlier_turns_and_the_sessions_token()
    {
        var first = new SseStream();
        var second = new SseStream();
        var answers = new Queue<SseStream>([first, second]);
        Gateway.Respond = _ => answers.Dequeue().Response();
        var cut = RenderChat();

        var sending = Ask(cut, "Where is my order?");
        await first.SendAsync("Your last order is Paid.", "text");
        await first.EndAsync();
        await sending;
        await second.EndAsync();
        await Ask(cut, "And the one before?");

        Assert.Equal(2, Gateway.Requests.Count);
        var request = Gateway.Requests[1];
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/recommendations/chat", request.Path);
        Assert.Equal($"Bearer {SessionToken}", request.Authorization);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal("And the one before?", body.RootElement.GetProperty("message").GetString());
        var history = body.RootElement.GetProperty("history").EnumerateArray()
            .Select(t => (t.GetProperty("role").GetString(), t.GetProperty("text").GetString())).ToList();
        Assert.Equal([("user", "Where is my order?"), ("assistant", "Your last order is Paid.")], history);
    }

    [Fact]
    public async Task Shows_the_apis_message_error_next_to_the_field_and_keeps_the_question()
    {
        Gateway.Respond = _ => FakeGateway.Problem(HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"message":["At most 2000 characters."]}}""");
        var cut = RenderChat();

        await Ask(cut, "too long, says the API");

        Assert.Equal("At most 2000 characters.", cut.Find("[data-testid=error-chat-message]").TextContent);
        Assert.Equal("chat-message-error", cut.Find("#chat-message").GetAttribute("aria-describedby"));
        Assert.Equal("too long, says the API", cut.Find("#chat-message").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=chat-user]"));
    }

    [Fact]
    public async Task Says_so_when_the_assistant_cannot_be_reached()
    {
        Gateway.Respond = _ => throw new HttpRequestException("connection refused");
        var cut = RenderChat();

        await Ask(cut, "hello");

        Assert.Contains(Vargo.Web.Api.Problem.Unavailable.Title!, cut.Find("[data-testid=problem]").TextContent);
        Assert.Equal("hello", cut.Find("#chat-message").GetAttribute("value"));
        Assert.False(cut.Find("[data-testid=chat-send]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_empty_question_is_not_sent()
    {
        var cut = RenderChat();

        await Ask(cut, "   ");

        Assert.Empty(Gateway.Requests);
        Assert.Equal("Please type a question.", cut.Find("[data-testid=error-chat-message]").TextContent);
    }

    [Fact]
    public async Task A_stream_that_ends_without_text_says_the_answer_was_cut_off()
    {
        var stream = new SseStream();
        Gateway.Respond = _ => stream.Response();
        var cut = RenderChat();

        var sending = Ask(cut, "hello");
        await stream.EndAsync();
        await sending;

        Assert.NotNull(cut.Find("[data-testid=chat-cut-off]"));
        Assert.Empty(cut.FindAll("[data-testid=chat-assistant]"));
    }

    [Fact]
    public void The_send_button_is_disabled_until_the_circuit_is_interactive()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        var cut = RenderChat();

        Assert.True(cut.Find("[data-testid=chat-send]").HasAttribute("disabled"));
        Assert.Equal("chat-message", cut.Find("label").GetAttribute("for"));
    }
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Vargo.Web.Api;
using Vargo.Web.Components.Pages;

namespace Vargo.Web.Tests;

/// <summary>The register and account forms check Auth's rules first and speak to the shopper, not to a developer.</summary>
public sealed class AccountFormsTests : WebComponentTest
{
    private IRenderedComponent<Register> RenderRegister() =>
        Render<Register>(p => p.AddCascadingValue<HttpContext>(new DefaultHttpContext()));

    private static async Task RegisterAsync(IRenderedComponent<Register> cut, string name, string email, string password)
    {
        cut.Find("#displayName").Change(name);
        cut.Find("#email").Change(email);
        cut.Find("#password").Change(password);
        await cut.Find("form").SubmitAsync();
    }

    [Fact]
    public void The_password_label_states_auths_rule_of_10_characters()
    {
        var cut = RenderRegister();

        Assert.Equal("Password (at least 10 characters)", cut.Find("label[for=password]").TextContent);
    }

    [Theory]
    [InlineData(101, "ada@example.com", "correct horse battery", "displayName", "Please shorten your name to at most 100 characters (it has 101).")]
    [InlineData(10, "ada@example.com", "short", "password", "Please choose a password of at least 10 characters.")]
    [InlineData(10, "not-an-address", "correct horse battery", "email", "Please enter an email address such as ada@example.com.")]
    public async Task The_form_checks_the_rules_before_calling_auth(int nameLength, string email, string password, string field, string message)
    {
        var cut = RenderRegister();

        await RegisterAsync(cut, new string('a', nameLength), email, password);

        cut.WaitForAssertion(() => Assert.Equal(message, cut.Find($"[data-testid=error-{field}]").TextContent), Wait);
        Assert.Empty(Gateway.Requests);
    }

    [Fact]
    public async Task A_control_character_in_the_name_is_named_not_sent()
    {
        var cut = RenderRegister();

        await RegisterAsync(cut, "Ada\u0007", "ada@example.com", "correct horse battery");

        cut.WaitForAssertion(() => Assert.Contains("invisible characters", cut.Find("[data-testid=error-displayName]").TextContent), Wait);
        Assert.Empty(Gateway.Requests);
    }

    [Fact]
    public async Task Auths_refusal_is_shown_without_its_machine_prefix()
    {
        Gateway.Respond = _ => FakeGateway.Problem(HttpStatusCode.BadRequest,
            """{"title":"Invalid","status":400,"errors":{"password":["PasswordTooCommon: This password is too common or too close to the email address; choose another."]}}""");
        var cut = RenderRegister();

        await RegisterAsync(cut, "Ada", "ada@example.com", "password123");

        cut.WaitForAssertion(() => Assert.Equal("This password is too common or too close to the email address; choose another.",
            cut.Find("[data-testid=error-password]").TextContent), Wait);
    }

    [Fact]
    public async Task The_account_form_refuses_a_control_character_in_the_phone_before_calling_auth()
    {
        var profile = new Profile(Guid.NewGuid(), "ada@example.com", "Ada", null, [], new NotificationPreferencesDto(true, false, false), ["customer"]);
        Gateway.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(profile) };
        var cut = Render<Account>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#phone")), Wait);

        cut.Find("#phone").Change("+44 20\u0001 7946 0958");
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("invisible characters", cut.Find("[data-testid=error-phone]").TextContent), Wait);
        Assert.DoesNotContain(Gateway.Requests, r => r.Method == HttpMethod.Put);
        Assert.DoesNotContain("JSON", cut.Markup);
    }

    [Fact]
    public async Task A_framework_message_from_auth_reads_as_a_plain_sentence()
    {
        var profile = new Profile(Guid.NewGuid(), "ada@example.com", "Ada", null, [], new NotificationPreferencesDto(true, false, false), ["customer"]);
        Gateway.Respond = request => request.Method == HttpMethod.Put
            ? FakeGateway.Problem(HttpStatusCode.BadRequest,
                """{"title":"Invalid","status":400,"errors":{"displayName":["The field DisplayName must be a string or array type with a maximum length of '100'."]}}""")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(profile) };
        var cut = Render<Account>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#displayName")), Wait);

        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal("Please check this field.", cut.Find("[data-testid=error-displayName]").TextContent), Wait);
        Assert.DoesNotContain("The field DisplayName", cut.Markup);
    }
}

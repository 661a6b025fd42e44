using Xunit.Abstractions;
using Xunit.Sdk;

namespace Vargo.Catalog.Tests.Contract;

/// <summary>
/// A contract test: runs in every concrete test class deriving from the contract, except in a class marked
/// <see cref="RequiresEnvironmentVariableAttribute"/> whose variable is unset, where it is reported skipped with that reason.
/// </summary>
[XunitTestCaseDiscoverer("Vargo.Catalog.Tests.Contract.ContractFactDiscoverer", "Vargo.Catalog.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>The store this class tests needs a server named by an environment variable (e.g. VARGO_TEST_MONGODB).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentVariableAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var required = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute)).FirstOrDefault();
        var variable = required?.GetConstructorArguments().FirstOrDefault() as string;
        if (variable is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            yield return new XunitSkippedDataRowTestCase(
                diagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                $"{variable} is not set: no server for this store (see the catalog README).",
                testMethodArguments: null);
            yield break;
        }
        yield return new XunitTestCase(
            diagnosticMessageSink,
            discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod);
    }
}

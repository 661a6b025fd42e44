namespace Vargo.Testing;

/// <summary>
/// A fresh folder under the system's temp directory (<c>{prefix}XXXXXX</c>) that is deleted with everything in it when
/// disposed, so a test that needs a scratch folder (a data directory, a fake executable) leaves nothing behind.
/// </summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    /// <summary>The folder's full path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public override string ToString() => Path;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file for a moment; the OS's temp cleaning gets the rest.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

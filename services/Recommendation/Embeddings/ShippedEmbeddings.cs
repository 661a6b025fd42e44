using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Vargo.Recommendation.Embeddings;

/// <summary>
/// Vectors shipped with the demo data, so a first start's search is right at once instead of after minutes of embedding
/// the demo catalog: the vectors are deterministic (same model, same text), so they are made once and committed
/// (<c>services/Shared/Vargo.DemoData/Embeddings/demo-catalog.embeddings.gz</c>, regenerated and checked by
/// <c>eng/regenerate-demo-embeddings.sh</c>). A vector is looked up by the model's name and the SHA-256 of the exact
/// text it was made from, so a product whose text changed (an admin's edit) or another model gets no shipped vector
/// and is embedded as usual.
/// <para>File format (gzip): int32 version (1), string model name, int32 dimensions, int32 count, then per vector the
/// first 16 bytes of SHA-256(UTF-8 text) and the components as IEEE half floats (float16, little endian): 1,200
/// products × 384 dimensions fit in under 1 MB, and half precision changes a cosine by less than 0.001.</para>
/// </summary>
public sealed class ShippedEmbeddings
{
    public const string ResourceName = "Vargo.Recommendation.demo-catalog.embeddings.gz";
    private const int Version = 1;
    private const int HashLength = 16;

    private readonly Dictionary<UInt128, float[]> _vectors;

    private ShippedEmbeddings(string model, int dimensions, Dictionary<UInt128, float[]> vectors) =>
        (Model, Dimensions, _vectors) = (model, dimensions, vectors);

    /// <summary>The model (<see cref="EmbeddingModel.Name"/>) that made the vectors.</summary>
    public string Model { get; }

    public int Dimensions { get; }

    public int Count => _vectors.Count;

    /// <summary>The shipped vector for <paramref name="text"/> made by <paramref name="model"/>, if there is one.</summary>
    public bool TryGet(EmbeddingModel model, string text, out float[] vector)
    {
        vector = [];
        if (model.Name != Model || model.Dimensions != Dimensions || !_vectors.TryGetValue(Hash(text), out var shipped))
        {
            return false;
        }
        vector = (float[])shipped.Clone();
        return true;
    }

    /// <summary>The set compiled into this assembly (an empty set for another model when none is).</summary>
    public static ShippedEmbeddings LoadEmbedded()
    {
        using var stream = typeof(ShippedEmbeddings).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? new ShippedEmbeddings("none", 0, []) : Read(stream);
    }

    public static ShippedEmbeddings Read(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip, Encoding.UTF8);
        if (reader.ReadInt32() != Version)
        {
            throw new InvalidDataException("Unknown shipped embeddings format version.");
        }
        var model = reader.ReadString();
        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        var vectors = new Dictionary<UInt128, float[]>(count);
        for (var i = 0; i < count; i++)
        {
            var hash = ToKey(reader.ReadBytes(HashLength));
            var vector = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] = (float)reader.ReadHalf();
            }
            vectors[hash] = vector;
        }
        return new ShippedEmbeddings(model, dimensions, vectors);
    }

    /// <summary>Writes a set (used by the generator in the tests); texts are stored as hashes only.</summary>
    public static void Write(Stream stream, EmbeddingModel model, IEnumerable<(string Text, ReadOnlyMemory<float> Vector)> vectors)
    {
        var distinct = vectors.DistinctBy(v => Hash(v.Text)).ToList();
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8);
        writer.Write(Version);
        writer.Write(model.Name);
        writer.Write(model.Dimensions);
        writer.Write(distinct.Count);
        foreach (var (text, vector) in distinct)
        {
            writer.Write(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, HashLength));
            foreach (var component in vector.Span)
            {
                writer.Write((Half)component);
            }
        }
    }

    private static UInt128 Hash(string text) => ToKey(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, HashLength));

    private static UInt128 ToKey(ReadOnlySpan<byte> bytes) =>
        new(BitConverter.ToUInt64(bytes[..8]), BitConverter.ToUInt64(bytes[8..HashLength]));
}

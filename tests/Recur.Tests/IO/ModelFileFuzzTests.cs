using Recur.IO;
using Recur.Models;
using Xunit;

namespace Recur.Tests.IO;

/// <summary>
/// Truncations and byte flips: loading may only succeed or throw <see cref="ModelFileException"/>, never anything else
/// (no crash, no other exception type, no huge allocation).
/// </summary>
public sealed class ModelFileFuzzTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly byte[] _good;

    public ModelFileFuzzTests()
    {
        TinyModels.Register();
        string path = _dir.File("good.recur");
        ModelFileTests.TrainedLookingModel().Save(path);
        _good = File.ReadAllBytes(path);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Loads <paramref name="bytes"/>; true when it loaded, false when it threw ModelFileException.</summary>
    private bool TryLoad(byte[] bytes, string what)
    {
        string path = _dir.File("fuzz.recur");
        File.WriteAllBytes(path, bytes);
        try
        {
            Model.Load(path);
            return true;
        }
        catch (ModelFileException e)
        {
            Assert.Equal(path, e.FilePath);
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: Load threw {e.GetType().Name} instead of ModelFileException: {e}");
            return false;
        }
    }

    [Fact]
    public void EveryTruncationThrowsModelFileException()
    {
        for (int length = 0; length < _good.Length; length++)
        {
            Assert.False(TryLoad(_good[..length], $"truncated to {length} bytes"), $"a file truncated to {length} of {_good.Length} bytes loaded");
        }
    }

    [Fact]
    public void EveryRandomByteFlipIsDetected()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 600; trial++)
        {
            byte[] bytes = (byte[])_good.Clone();
            int at = random.Next(bytes.Length);
            bytes[at] ^= (byte)random.Next(1, 256);
            Assert.False(TryLoad(bytes, $"flip at {at}"), $"a file with byte {at} changed loaded (the checksum should catch it)");
        }
    }

    [Fact]
    public void RandomByteFlipsBehindAValidChecksumLoadOrThrowModelFileException()
    {
        // Fixing the checksum after each flip reaches the checks behind it: lengths, JSON, architecture, safetensors, weights.
        var random = new Random(4321);
        int loaded = 0;
        for (int trial = 0; trial < 600; trial++)
        {
            byte[] bytes = (byte[])_good.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length - 4)] ^= (byte)random.Next(1, 256);
            }

            if (TryLoad(ModelFileBytes.FixChecksum(bytes), $"trial {trial}"))
            {
                loaded++;
            }
        }

        // Flips inside tensor data still load (with other weights); most flips elsewhere do not.
        Assert.InRange(loaded, 1, 599);
    }

    [Fact]
    public void TruncationsBehindAFixedChecksumThrowModelFileException()
    {
        for (int length = 4; length < _good.Length; length += 3)
        {
            byte[] bytes = _good[..length];
            Assert.False(TryLoad(ModelFileBytes.FixChecksum(bytes), $"truncated to {length} with a fixed checksum"));
        }
    }
}

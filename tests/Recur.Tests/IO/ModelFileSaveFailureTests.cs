using Recur.IO;
using Recur.Layers;
using Recur.Models;
using Xunit;

namespace Recur.Tests.IO;

/// <summary>
/// "Killing the process during Save leaves the previous model file loadable": saves that fail at every stage leave
/// the old file byte-identical and loadable and no temporary file behind, and at every moment of a save the target
/// path still holds the complete old file (so a kill at any instant cannot damage it).
/// </summary>
public sealed class ModelFileSaveFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly TinyModel _old = ModelFileTests.TrainedLookingModel(seed: 1);
    private readonly byte[] _oldBytes;

    public ModelFileSaveFailureTests()
    {
        TinyModels.Register();
        _path = _dir.File("model.recur");
        _old.Save(_path);
        _oldBytes = File.ReadAllBytes(_path);
    }

    public void Dispose() => _dir.Dispose();

    private void AssertOldFileIntact()
    {
        Assert.Equal(["model.recur"], _dir.FileNames()); // no temporary file left
        Assert.Equal(_oldBytes, File.ReadAllBytes(_path));
        Model loaded = Model.Load(_path);
        Assert.Equal(TinyModels.Bits(_old).Select(kv => kv.Value.Bits), TinyModels.Bits(loaded).Select(kv => kv.Value.Bits));
        ModelFileTests.AssertSameMetadata(_old.Metadata, loaded.Metadata);
    }

    [Fact]
    public void WriteFailingAtAnyByteLeavesTheOldFileLoadable()
    {
        TinyModel replacement = ModelFileTests.TrainedLookingModel(seed: 2); // same size as the old file
        long total = _oldBytes.Length;
        for (long failAt = 0; failAt < total; failAt += failAt < 64 ? 1 : 97)
        {
            var e = Assert.Throws<ModelFileException>(() => ModelFile.Write(replacement, _path, s => new FailingStream(s, failAt)));
            Assert.Contains("cannot write the file", e.Message);
            Assert.Contains("simulated crash", e.Message);
            AssertOldFileIntact();
        }

        // The last byte (the checksum's) too.
        Assert.Throws<ModelFileException>(() => ModelFile.Write(replacement, _path, s => new FailingStream(s, total - 1)));
        AssertOldFileIntact();
    }

    [Fact]
    public void NonIoFailureMidWritePropagatesAndLeavesTheOldFile()
    {
        TinyModel replacement = ModelFileTests.TrainedLookingModel(seed: 2); // same size as the old file
        Assert.Throws<InvalidOperationException>(() =>
            ModelFile.Write(replacement, _path, s => new FailingStream(s, 100, () => new InvalidOperationException("boom"))));
        AssertOldFileIntact();
    }

    [Fact]
    public void FailureWhileFlushingLeavesTheOldFile()
    {
        TinyModel replacement = ModelFileTests.TrainedLookingModel(seed: 2); // same size as the old file
        Assert.Throws<ModelFileException>(() => ModelFile.Write(replacement, _path, s => new FailingStream(s, long.MaxValue, failOnFlush: true)));
        AssertOldFileIntact();
    }

    [Fact]
    public void ModelThatCannotDescribeItselfLeavesTheOldFile()
    {
        Assert.Throws<NotSupportedException>(() => new BrokenConfigModel().Save(_path));
        AssertOldFileIntact();
    }

    [Fact]
    public void SavingIntoAMissingDirectoryThrowsModelFileException()
    {
        string path = Path.Combine(_dir.Path, "missing", "m.recur");
        var e = Assert.Throws<ModelFileException>(() => _old.Save(path));
        Assert.Equal(path, e.FilePath);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AtEveryMomentOfASaveTheTargetHoldsTheCompleteOldFile()
    {
        TinyModel replacement = ModelFileTests.TrainedLookingModel(seed: 2); // same size as the old file
        int observations = 0;
        ModelFile.Write(replacement, _path, s => new ObservingStream(s, () =>
        {
            // A kill now would leave exactly what is on disk at the target path.
            Assert.Equal(_oldBytes, File.ReadAllBytes(_path));
            if (observations++ % 4 == 0)
            {
                Assert.IsType<TinyModel>(Model.Load(_path));
            }
        }));

        Assert.True(observations > 5, $"only {observations} writes observed");
        Assert.Equal(["model.recur"], _dir.FileNames());
        Assert.Equal(TinyModels.Bits(replacement.Head.Weight), TinyModels.Bits(((TinyModel)Model.Load(_path)).Head.Weight));
    }

    /// <summary>A model whose GetConfig throws (a layer that cannot be described).</summary>
    private sealed class BrokenConfigModel : Model
    {
        public override SequenceBatch Forward(SequenceBatch input) => input;

        public override int[] OutputShape(int[] inputShape) => inputShape;

        public override LayerConfig GetConfig() => throw new NotSupportedException("cannot describe");
    }

    /// <summary>Passes writes through until <c>failAt</c> bytes have gone, then writes the part before and throws.</summary>
    private sealed class FailingStream(Stream inner, long failAt, Func<Exception>? error = null, bool failOnFlush = false) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > failAt)
            {
                inner.Write(buffer[..(int)(failAt - _written)]);
                throw error?.Invoke() ?? new IOException($"simulated crash after {failAt} bytes");
            }

            inner.Write(buffer);
            _written += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
            if (failOnFlush)
            {
                throw new IOException("simulated crash while flushing");
            }

            inner.Flush();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Calls <c>observe</c> before every write, then flushes the write to the temporary file.</summary>
    private sealed class ObservingStream(Stream inner, Action observe) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            observe();
            inner.Write(buffer);
            inner.Flush();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

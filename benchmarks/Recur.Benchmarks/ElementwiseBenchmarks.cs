using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Recur.Kernels;

namespace Recur.Benchmarks;

/// <summary>
/// Vectorized element-wise kernels against the scalar loops they replaced (the baseline of each category) and against
/// TensorPrimitives where it has the same function. Softmax runs rows of 64 columns (Size / 64 rows, at least 1).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ElementwiseBenchmarks
{
    private const int SoftmaxCols = 64;

    private float[] x = [];
    private float[] y = [];
    private float[] dy = [];
    private float[] dx = [];

    /// <summary>Number of elements.</summary>
    [Params(64, 1024, 65536)]
    public int Size { get; set; }

    private int Rows => Math.Max(1, Size / SoftmaxCols);

    private int Cols => Math.Min(Size, SoftmaxCols);

    /// <summary>Inputs uniform in [−8, 8], gradients in [−1, 1].</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        x = new float[Size];
        y = new float[Size];
        dy = new float[Size];
        dx = new float[Size];
        for (int i = 0; i < Size; i++)
        {
            x[i] = (float)((rng.NextDouble() * 16) - 8);
            dy[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        Sigmoid.Forward(y, x);
    }

    /// <summary>Scalar σ with MathF.Exp.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SigmoidForward")]
    public void SigmoidForwardScalar()
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = 1f / (1f + MathF.Exp(-x[i]));
        }
    }

    /// <summary>Vectorized σ.</summary>
    [Benchmark]
    [BenchmarkCategory("SigmoidForward")]
    public void SigmoidForward() => Sigmoid.Forward(y, x);

    /// <summary>TensorPrimitives.Sigmoid.</summary>
    [Benchmark]
    [BenchmarkCategory("SigmoidForward")]
    public void SigmoidForwardTensorPrimitives() => TensorPrimitives.Sigmoid(x, y);

    /// <summary>Scalar σ backward.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SigmoidBackward")]
    public void SigmoidBackwardScalar()
    {
        for (int i = 0; i < dy.Length; i++)
        {
            float o = y[i];
            dx[i] += dy[i] * (o * (1f - o));
        }
    }

    /// <summary>Vectorized σ backward.</summary>
    [Benchmark]
    [BenchmarkCategory("SigmoidBackward")]
    public void SigmoidBackward() => Sigmoid.Backward(dx, x, y, dy);

    /// <summary>Scalar tanh with MathF.Tanh.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("TanhForward")]
    public void TanhForwardScalar()
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Tanh(x[i]);
        }
    }

    /// <summary>Vectorized tanh.</summary>
    [Benchmark]
    [BenchmarkCategory("TanhForward")]
    public void TanhForward() => Tanh.Forward(y, x);

    /// <summary>TensorPrimitives.Tanh.</summary>
    [Benchmark]
    [BenchmarkCategory("TanhForward")]
    public void TanhForwardTensorPrimitives() => TensorPrimitives.Tanh(x, y);

    /// <summary>Scalar tanh backward.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("TanhBackward")]
    public void TanhBackwardScalar()
    {
        for (int i = 0; i < dy.Length; i++)
        {
            float o = y[i];
            dx[i] += dy[i] * (1f - (o * o));
        }
    }

    /// <summary>Vectorized tanh backward.</summary>
    [Benchmark]
    [BenchmarkCategory("TanhBackward")]
    public void TanhBackward() => Tanh.Backward(dx, x, y, dy);

    /// <summary>Scalar MathF.Exp.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ExpForward")]
    public void ExpForwardScalar()
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Exp(x[i]);
        }
    }

    /// <summary>Vectorized exp.</summary>
    [Benchmark]
    [BenchmarkCategory("ExpForward")]
    public void ExpForward() => Exp.Forward(y, x);

    /// <summary>TensorPrimitives.Exp.</summary>
    [Benchmark]
    [BenchmarkCategory("ExpForward")]
    public void ExpForwardTensorPrimitives() => TensorPrimitives.Exp(x, y);

    /// <summary>Scalar exp backward (dx += dy·y).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ExpBackward")]
    public void ExpBackwardScalar()
    {
        for (int i = 0; i < dy.Length; i++)
        {
            dx[i] += dy[i] * y[i];
        }
    }

    /// <summary>Vectorized exp backward.</summary>
    [Benchmark]
    [BenchmarkCategory("ExpBackward")]
    public void ExpBackward() => Exp.Backward(dx, x, y, dy);

    /// <summary>Scalar row-wise softmax (max, exp, scale).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SoftmaxForward")]
    public void SoftmaxForwardScalar()
    {
        int cols = Cols;
        for (int r = 0; r < Rows; r++)
        {
            Span<float> xr = x.AsSpan(r * cols, cols);
            Span<float> yr = y.AsSpan(r * cols, cols);
            float max = float.NegativeInfinity;
            for (int j = 0; j < cols; j++)
            {
                max = MathF.Max(max, xr[j]);
            }

            float sum = 0f;
            for (int j = 0; j < cols; j++)
            {
                float e = MathF.Exp(xr[j] - max);
                yr[j] = e;
                sum += e;
            }

            float inv = 1f / sum;
            for (int j = 0; j < cols; j++)
            {
                yr[j] *= inv;
            }
        }
    }

    /// <summary>Vectorized row-wise softmax.</summary>
    [Benchmark]
    [BenchmarkCategory("SoftmaxForward")]
    public void SoftmaxForward() => Softmax.Forward(y, x, Rows, Cols);

    /// <summary>TensorPrimitives.SoftMax row by row.</summary>
    [Benchmark]
    [BenchmarkCategory("SoftmaxForward")]
    public void SoftmaxForwardTensorPrimitives()
    {
        int cols = Cols;
        for (int r = 0; r < Rows; r++)
        {
            TensorPrimitives.SoftMax(x.AsSpan(r * cols, cols), y.AsSpan(r * cols, cols));
        }
    }

    /// <summary>Scalar row-wise softmax backward.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SoftmaxBackward")]
    public void SoftmaxBackwardScalar()
    {
        int cols = Cols;
        for (int r = 0; r < Rows; r++)
        {
            int o = r * cols;
            float dot = 0f;
            for (int j = 0; j < cols; j++)
            {
                dot += dy[o + j] * y[o + j];
            }

            for (int j = 0; j < cols; j++)
            {
                dx[o + j] += y[o + j] * (dy[o + j] - dot);
            }
        }
    }

    /// <summary>Vectorized row-wise softmax backward.</summary>
    [Benchmark]
    [BenchmarkCategory("SoftmaxBackward")]
    public void SoftmaxBackward() => Softmax.Backward(dx, y, dy, Rows, Cols);
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace Recur.Tests.Cli.Reporting;

/// <summary>
/// A minimal PNG decoder for the browser check: 8-bit greyscale, RGB or RGBA, not interlaced (what Chromium's
/// screenshots are). Pixels come back as RGB triples.
/// </summary>
internal sealed class PngImage
{
    private PngImage(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        Rgb = rgb;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>(Height, Width, 3) row-major RGB bytes.</summary>
    public byte[] Rgb { get; }

    /// <summary>The width and height from the IHDR chunk (the first chunk), after checking the signature.</summary>
    public static (int Width, int Height) ReadSize(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 33 || !png.AsSpan(0, 8).SequenceEqual(signature) || !png.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidDataException("not a PNG file (bad signature or no IHDR chunk first).");
        }

        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    public static PngImage Decode(byte[] png)
    {
        (int width, int height) = ReadSize(png);
        byte bitDepth = png[24], colorType = png[25], interlace = png[28];
        int channels = colorType switch { 0 => 1, 2 => 3, 6 => 4, _ => throw new InvalidDataException($"PNG colour type {colorType} is not supported.") };
        if (bitDepth != 8 || interlace != 0)
        {
            throw new InvalidDataException($"PNG bit depth {bitDepth}, interlace {interlace} are not supported.");
        }

        using var idat = new MemoryStream();
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            if (type == "IDAT")
            {
                idat.Write(png, at + 8, length);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        int stride = width * channels;
        byte[] raw = new byte[(stride + 1) * height];
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.ReadExactly(raw);
        }

        byte[] current = new byte[stride], previous = new byte[stride];
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            Array.Copy(raw, (y * (stride + 1)) + 1, current, 0, stride);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                int add = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter} on row {y}."),
                };
                current[i] = (byte)(current[i] + add);
            }

            for (int x = 0; x < width; x++)
            {
                int o = ((y * width) + x) * 3;
                if (channels == 1)
                {
                    rgb[o] = rgb[o + 1] = rgb[o + 2] = current[x];
                }
                else
                {
                    rgb[o] = current[x * channels];
                    rgb[o + 1] = current[(x * channels) + 1];
                    rgb[o + 2] = current[(x * channels) + 2];
                }
            }

            (previous, current) = (current, previous);
        }

        return new PngImage(width, height, rgb);
    }

    /// <summary>How many pixels are within <paramref name="tolerance"/> (per channel) of the colour "#rrggbb".</summary>
    public int CountNear(string hex, int tolerance)
    {
        int r = Convert.ToInt32(hex.Substring(1, 2), 16), g = Convert.ToInt32(hex.Substring(3, 2), 16), b = Convert.ToInt32(hex.Substring(5, 2), 16);
        int count = 0;
        for (int o = 0; o < Rgb.Length; o += 3)
        {
            if (Math.Abs(Rgb[o] - r) <= tolerance && Math.Abs(Rgb[o + 1] - g) <= tolerance && Math.Abs(Rgb[o + 2] - b) <= tolerance)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The number of distinct colours.</summary>
    public int DistinctColors()
    {
        var set = new HashSet<int>();
        for (int o = 0; o < Rgb.Length; o += 3)
        {
            set.Add((Rgb[o] << 16) | (Rgb[o + 1] << 8) | Rgb[o + 2]);
        }

        return set.Count;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}

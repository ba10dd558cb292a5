package io.avatar.kernels.render;

/**
 * The per-frame blend of a {@link DetailTexture} into a renderer's private copy of its pre-filtered portrait, as
 * plain tables: for each region, the pre-filtered texels where the target differs from the portrait, their portrait
 * values and the differences ({@code target - portrait} per channel), both pre-filtered exactly as the renderer
 * pre-filters ({@link FaceRenderer#prefiltered}: the box filter rounds, so the difference of the filtered textures is
 * kept, not a filtered difference), and the rows they span. A region at level {@code q} (amount x {@value #FULL})
 * holds {@code portrait + ((q * difference + 128) >> 8)} per channel: exactly the portrait at 0 and exactly the
 * target at {@value #FULL}, always between the two. Both renderers write from these tables with the same integer
 * arithmetic ({@link #writeLanes} on the CPU, {@link #writeArgb} for the CUDA renderer's upload), and both decide
 * when to write with {@link #level} and {@link #changed}.
 * <p>
 * Immutable after construction (built by {@link RenderSetup}); any thread. The writers are allocation-free.
 */
public final class TextureBlend
{
    /** The level of amount 1. */
    public static final int FULL = 256;
    /**
     * Level change below which a region is not rewritten (1/64 of the full amount): a steady or slowly drifting
     * smile costs nothing per frame; the ends (0 and {@value #FULL}) are always reached exactly.
     */
    public static final int STEP = FULL / 64;

    private final int count;
    private final int[][] index;
    private final int[][] base;
    /** Per texel 4 signed channel differences, ARGB order from the low byte: B, G, R, A. */
    private final short[][] delta;
    private final int[] rowFrom;
    private final int[] rowTo;

    /**
     * @param portrait the pre-filtered portrait (the renderer's texture at amount 0).
     * @param target   the detail's target pre-filtered the same way (same size as {@code portrait}).
     * @param detail   the detail texture, in the unfiltered portrait's pixels.
     * @param factor   unfiltered portrait pixels per pre-filtered texel (1, 2, 4...).
     */
    TextureBlend(final RenderTexture portrait, final RenderTexture target, final DetailTexture detail,
        final int factor)
    {
        if (target.width() != portrait.width() || target.height() != portrait.height())
        {
            throw new IllegalArgumentException("detail texture pre-filters to " + target.width() + "x"
                + target.height() + ", the portrait to " + portrait.width() + "x" + portrait.height());
        }
        count = detail.count();
        final int w = portrait.width();
        final int h = portrait.height();
        final int[] p = portrait.pixels();
        final int[] t = target.pixels();
        final int[] label = new int[w * h];
        final int[] size = new int[count + 1];
        rowFrom = new int[count];
        rowTo = new int[count];
        java.util.Arrays.fill(rowFrom, h);
        java.util.Arrays.fill(rowTo, -1);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                final int i = y * w + x;
                if (p[i] == t[i])
                {
                    continue;
                }
                final int r = footprintRegion(detail, x, y, factor);
                label[i] = r;
                size[r]++;
                if (r > 0)
                {
                    rowFrom[r - 1] = Math.min(rowFrom[r - 1], y);
                    rowTo[r - 1] = Math.max(rowTo[r - 1], y);
                }
            }
        }
        index = new int[count][];
        base = new int[count][];
        delta = new short[count][];
        final int[] fill = new int[count];
        for (int r = 0; r < count; r++)
        {
            index[r] = new int[size[r + 1]];
            base[r] = new int[size[r + 1]];
            delta[r] = new short[4 * size[r + 1]];
        }
        for (int i = 0; i < w * h; i++)
        {
            final int r = label[i] - 1;
            if (r < 0)
            {
                continue;
            }
            final int k = fill[r]++;
            index[r][k] = i;
            base[r][k] = p[i];
            for (int c = 0; c < 4; c++)
            {
                delta[r][4 * k + c] = (short)(((t[i] >>> (8 * c)) & 0xFF) - ((p[i] >>> (8 * c)) & 0xFF));
            }
        }
    }

    /** The first region in a pre-filtered texel's footprint of unfiltered pixels (0 when none). */
    private static int footprintRegion(final DetailTexture detail, final int x, final int y, final int factor)
    {
        for (int dy = 0; dy < factor; dy++)
        {
            for (int dx = 0; dx < factor; dx++)
            {
                final int r = detail.region(factor * x + dx, factor * y + dy);
                if (r > 0)
                {
                    return r;
                }
            }
        }
        return 0;
    }

    /**
     * @param amount an amount, 0 = portrait, 1 = target (clamped; NaN reads as 0).
     * @return its level, 0 to {@value #FULL}. Any thread.
     */
    public static int level(final float amount)
    {
        return Math.round(Math.max(0f, Math.min(1f, amount)) * FULL);
    }

    /**
     * @param applied the level a region holds.
     * @param level   the level wanted now.
     * @return whether to rewrite the region: a change of more than {@value #STEP}, or reaching either end exactly.
     *     Any thread.
     */
    public static boolean changed(final int applied, final int level)
    {
        return level != applied && (Math.abs(level - applied) > STEP || level == 0 || level == FULL);
    }

    /**
     * @return the number of regions.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param region a region, 0-based.
     * @return the number of texels it rewrites (0: the target equals the portrait there).
     */
    public int texels(final int region)
    {
        return index[region].length;
    }

    /**
     * @param region a region, 0-based.
     * @return the first pre-filtered texture row it touches ({@link #rowTo} below it when it touches none).
     */
    public int rowFrom(final int region)
    {
        return rowFrom[region];
    }

    /**
     * @param region a region, 0-based.
     * @return the last pre-filtered texture row it touches (inclusive; -1 when none).
     */
    public int rowTo(final int region)
    {
        return rowTo[region];
    }

    /** One texel of a region at a level, ARGB. */
    private int texel(final int region, final int k, final int level)
    {
        final int p = base[region][k];
        final short[] d = delta[region];
        int out = 0;
        for (int c = 0; c < 4; c++)
        {
            final int v = ((p >>> (8 * c)) & 0xFF) + ((level * d[4 * k + c] + 128) >> 8);
            out |= v << (8 * c);
        }
        return out;
    }

    /**
     * Writes a region's texels at a level into a renderer's texels in 16-bit lanes ({@code FaceRenderer.lanes}).
     * Allocation-free; the caller's thread (it owns {@code lanes}).
     *
     * @param region a region, 0-based.
     * @param level  0 to {@value #FULL}.
     * @param lanes  the pre-filtered portrait's texels in lanes (a private copy).
     */
    void writeLanes(final int region, final int level, final long[] lanes)
    {
        final int[] idx = index[region];
        for (int k = 0; k < idx.length; k++)
        {
            final int p = texel(region, k, level);
            lanes[idx[k]] = (p & 0x00FF00FFL) | ((long)((p >>> 8) & 0x00FF00FF) << 32);
        }
    }

    /**
     * Writes a region's texels at a level as {@code 0xAARRGGBB} (the CUDA renderer's texture layout), the same values
     * {@link #writeLanes} writes. Allocation-free; the caller's thread (it owns {@code argb}).
     *
     * @param region a region, 0-based.
     * @param level  0 to {@value #FULL}.
     * @param argb   the pre-filtered portrait's texels, row-major (a private copy).
     */
    public void writeArgb(final int region, final int level, final int[] argb)
    {
        final int[] idx = index[region];
        for (int k = 0; k < idx.length; k++)
        {
            argb[idx[k]] = texel(region, k, level);
        }
    }
}

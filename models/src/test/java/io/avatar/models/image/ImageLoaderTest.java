package io.avatar.models.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLoaderTest
{
    @TempDir
    Path dir;

    private Path write(final BufferedImage img, final String format, final String name) throws IOException
    {
        final Path p = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()), "no writer for " + format);
        return p;
    }

    private static int[] rgbAt(final RgbImage img, final int x, final int y)
    {
        final int o = (y * img.width() + x) * 3;
        final byte[] b = img.rgb();
        return new int[] {b[o] & 0xFF, b[o + 1] & 0xFF, b[o + 2] & 0xFF};
    }

    @Test
    void shouldKeepGreyTonesOf8And16BitGreyscale() throws Exception
    {
        final BufferedImage g8 = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        g8.getRaster().setSample(1, 0, 0, 128);
        g8.getRaster().setSample(2, 0, 0, 255);
        final RgbImage a = ImageLoader.readRgb(write(g8, "png", "g8.png"));
        assertArrayEquals(new int[] {0, 0, 0}, rgbAt(a, 0, 0));
        assertArrayEquals(new int[] {128, 128, 128}, rgbAt(a, 1, 0), "gray must not be treated as linear light");
        assertArrayEquals(new int[] {255, 255, 255}, rgbAt(a, 2, 0));

        final BufferedImage g16 = new BufferedImage(4, 2, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(1, 0, 0, 0x8080);
        g16.getRaster().setSample(2, 0, 0, 0xFFFF);
        final RgbImage b = ImageLoader.readRgb(write(g16, "png", "g16.png"));
        assertArrayEquals(new int[] {128, 128, 128}, rgbAt(b, 1, 0));
        assertArrayEquals(new int[] {255, 255, 255}, rgbAt(b, 2, 0));
    }

    @Test
    void shouldReadPaletteAndCompositeAlphaOnWhite() throws Exception
    {
        final byte[] r = {(byte)255, 0, 0};
        final byte[] g = {0, (byte)255, 0};
        final byte[] bl = {0, 0, (byte)255};
        final byte[] al = {(byte)255, (byte)255, 0};
        final BufferedImage pal = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED,
            new IndexColorModel(2, 3, r, g, bl, al));
        final WritableRaster raster = pal.getRaster();
        raster.setSample(0, 0, 0, 0);
        raster.setSample(1, 0, 0, 1);
        raster.setSample(2, 0, 0, 2);
        final RgbImage p = ImageLoader.readRgb(write(pal, "png", "pal.png"));
        assertArrayEquals(new int[] {255, 0, 0}, rgbAt(p, 0, 0));
        assertArrayEquals(new int[] {0, 255, 0}, rgbAt(p, 1, 0));
        assertArrayEquals(new int[] {255, 255, 255}, rgbAt(p, 2, 0), "transparent palette entry reads white");

        final BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80000000); // half-transparent black
        argb.setRGB(1, 0, 0x00FF0000); // fully transparent red
        final Path file = write(argb, "png", "alpha.png");
        final RgbImage a = ImageLoader.readRgb(file);
        assertArrayEquals(new int[] {127, 127, 127}, rgbAt(a, 0, 0));
        assertArrayEquals(new int[] {255, 255, 255}, rgbAt(a, 1, 0));
        final LoadedImage kept = new ImageLoader(ImageLoader.MAX_SIDE_DEFAULT, true).load(file);
        assertNotNull(kept.alpha());
        assertEquals(0x80, kept.alpha()[0] & 0xFF);
        assertEquals(0, kept.alpha()[1] & 0xFF);
    }

    @Test
    void shouldRead16BitRgb() throws Exception
    {
        // a 16-bit-per-channel PNG written by FFmpeg-free means: ImageIO's PNG writer keeps 16-bit rasters
        final java.awt.color.ColorSpace cs = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
        final java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(cs, false, false,
            java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT);
        final WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {0xFFFF, 0x8000, 0});
        raster.setPixel(1, 0, new int[] {0, 0, 0x4000});
        final BufferedImage img = new BufferedImage(cm, raster, false, null);
        final RgbImage out = ImageLoader.readRgb(write(img, "png", "rgb16.png"));
        assertArrayEquals(new int[] {255, 128, 0}, rgbAt(out, 0, 0));
        assertArrayEquals(new int[] {0, 0, 64}, rgbAt(out, 1, 0));
    }

    @Test
    void shouldApplyEveryExifOrientation() throws Exception
    {
        // stored 3x2 pixels with distinct values; each orientation's displayed result checked by its corner rule
        final RgbImage src = RgbImage.allocate(3, 2, "o");
        for (int i = 0; i < 6; i++)
        {
            src.rgb()[3 * i] = (byte)(10 * (i + 1));
        }
        // displayed top-left pixel for each tag (EXIF spec: 0th row/0th column meaning)
        final int[] topLeft = {0, 10, 30, 60, 40, 10, 40, 60, 30};
        for (int o = 1; o <= 8; o++)
        {
            final RgbImage d = ExifOrientation.apply(src, o);
            assertEquals(o >= 5 ? 2 : 3, d.width(), "width for orientation " + o);
            assertEquals(topLeft[o], d.rgb()[0] & 0xFF, "top-left for orientation " + o);
        }
        // orientation 6 (rotate 90 clockwise to display): stored row 1 becomes displayed column 0
        final RgbImage six = ExifOrientation.apply(src, 6);
        assertEquals(40, six.rgb()[0] & 0xFF);
        assertEquals(10, six.rgb()[3] & 0xFF);
        assertEquals(60, six.rgb()[(2 * 2) * 3] & 0xFF);
    }

    @Test
    void shouldReadOrientationTagFromJpegAndPng() throws Exception
    {
        final BufferedImage img = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
        final ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", jpg);
        for (final boolean bigEndian : new boolean[] {true, false})
        {
            final byte[] tagged = ExifTestFiles.withJpegOrientation(jpg.toByteArray(), 6, bigEndian);
            assertEquals(6, ExifOrientation.read(tagged));
            final Path p = dir.resolve("tagged-" + bigEndian + ".jpg");
            Files.write(p, tagged);
            final LoadedImage li = new ImageLoader().load(p);
            assertEquals(6, li.orientation());
            assertEquals(4, li.image().width());
            assertEquals(8, li.image().height());
        }
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.read(jpg.toByteArray()));
        final ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        assertEquals(8, ExifOrientation.read(ExifTestFiles.withPngOrientation(png.toByteArray(), 8)));
        assertEquals(3, ExifOrientation.read(ExifTestFiles.webpWithOrientation(3)));
        // garbage after a JPEG marker or a bad TIFF header reads as "no tag", never as an exception
        final byte[] broken = ExifTestFiles.withJpegOrientation(jpg.toByteArray(), 6, true);
        broken[12] = 'X';
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.read(broken));
    }

    @Test
    void shouldDownscaleVeryLargeImages() throws Exception
    {
        final BufferedImage big = new BufferedImage(5000, 1000, BufferedImage.TYPE_INT_RGB);
        final java.awt.Graphics2D g = big.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 2500, 1000);
        g.setColor(java.awt.Color.BLUE);
        g.fillRect(2500, 0, 2500, 1000);
        g.dispose();
        final LoadedImage li = new ImageLoader().load(write(big, "png", "big.png"));
        assertEquals(2048, li.image().width());
        assertEquals(410, li.image().height());
        assertEquals(5000, li.sourceWidth());
        assertEquals(2048.0 / 5000, li.scale(), 1e-3);
        assertArrayEquals(new int[] {255, 0, 0}, rgbAt(li.image(), 10, 200));
        assertArrayEquals(new int[] {0, 0, 255}, rgbAt(li.image(), 2040, 200));
    }

    @Test
    void shouldDecodeWebpThroughFfmpeg() throws Exception
    {
        final Path p = dir.resolve("face.webp");
        try (InputStream in = getClass().getResourceAsStream("astronaut-face.webp"))
        {
            assertNotNull(in, "test resource astronaut-face.webp");
            Files.copy(in, p);
        }
        final LoadedImage li = new ImageLoader().load(p);
        assertEquals(160, li.image().width());
        assertEquals(160, li.image().height());
        assertTrue(li.format().startsWith("ffmpeg:"), li.format());
        assertNull(li.alpha());
        // skin tones in the middle of the face crop: red dominates blue
        final int[] c = rgbAt(li.image(), 80, 80);
        assertTrue(c[0] > c[2] + 20, Arrays.toString(c));
    }

    @Test
    void shouldRefillFromBgrAndRgbFrameBuffers()
    {
        final RgbImage img = RgbImage.allocate(2, 2, "frame");
        final int stride = 8; // 6 bytes of pixels + 2 of padding per row
        final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(stride * 2);
        for (int i = 0; i < buf.capacity(); i++)
        {
            buf.put(i, (byte)i);
        }
        img.copyFrom(buf, stride, false);
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13}, img.rgb());
        img.copyFrom(buf, stride, true);
        assertArrayEquals(new byte[] {2, 1, 0, 5, 4, 3, 10, 9, 8, 13, 12, 11}, img.rgb());
        assertThrows(IllegalArgumentException.class, () -> img.copyFrom(buf, 5, false));
    }

    @Test
    void shouldNameTheFileAndProblemForBadInput() throws Exception
    {
        final Path missing = dir.resolve("missing.png");
        final ImageDecodeException e1 = assertThrows(ImageDecodeException.class, () -> ImageLoader.readRgb(missing));
        assertTrue(e1.getMessage().contains("missing.png") && e1.getMessage().contains("no such file"),
            e1.getMessage());

        final Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        final ImageDecodeException e2 = assertThrows(ImageDecodeException.class, () -> ImageLoader.readRgb(empty));
        assertTrue(e2.getMessage().contains("empty.jpg") && e2.getMessage().contains("empty"), e2.getMessage());

        final Path text = Files.write(dir.resolve("notes.png"), "hello, not an image".getBytes(StandardCharsets.UTF_8));
        final ImageDecodeException e3 = assertThrows(ImageDecodeException.class, () -> ImageLoader.readRgb(text));
        assertTrue(e3.getMessage().contains("notes.png") && e3.getMessage().contains("not a recognised image"),
            e3.getMessage());

        final BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                img.setRGB(x, y, x * 4 << 16 | y * 4 << 8 | (x ^ y));
            }
        }
        for (final String format : new String[] {"png", "jpeg"})
        {
            final ByteArrayOutputStream whole = new ByteArrayOutputStream();
            ImageIO.write(img, format, whole);
            final byte[] bytes = whole.toByteArray();
            final Path cut = Files.write(dir.resolve("cut." + format), Arrays.copyOf(bytes, bytes.length / 2));
            final ImageDecodeException e4 = assertThrows(ImageDecodeException.class, () -> ImageLoader.readRgb(cut),
                "truncated " + format);
            assertTrue(e4.getMessage().contains("cut." + format), e4.getMessage());
        }
    }
}

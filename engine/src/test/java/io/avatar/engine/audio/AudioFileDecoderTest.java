package io.avatar.engine.audio;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioFileDecoderTest
{
    @TempDir
    Path dir;

    /** Encodes 1 s of 440 Hz (stereo: tone left, half tone right) with FFmpeg's own encoders. */
    private Path encode(final String name, final String format, final int codec, final int rate, final int channels)
        throws Exception
    {
        final Path file = dir.resolve(name);
        final float[] tone = TestAudio.tone(440, 0.5, rate, rate);
        final float[] interleaved = new float[rate * channels];
        for (int i = 0; i < rate; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                interleaved[i * channels + c] = c == 0 ? tone[i] : tone[i] * 0.5f;
            }
        }
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), channels))
        {
            recorder.setFormat(format);
            recorder.setAudioCodec(codec);
            recorder.setSampleRate(rate);
            recorder.setAudioBitrate(128_000);
            recorder.start();
            recorder.recordSamples(rate, channels, FloatBuffer.wrap(interleaved));
            recorder.stop();
        }
        return file;
    }

    private static void assertTone(final float[] out, final double expectedAmplitude, final String what)
    {
        // Codec priming/padding may add or drop up to ~50 ms (AAC adds 1024 samples of priming, Opus 312).
        assertEquals(16_000, out.length, 1_200, what + ": samples at 16 kHz");
        final double a = TestAudio.amplitudeAt(out, 3_200, 12_800, 440, 16_000);
        assertEquals(expectedAmplitude, a, 0.03, what + ": 440 Hz amplitude");
        final double other = TestAudio.amplitudeAt(out, 3_200, 12_800, 1_000, 16_000);
        assertTrue(other < 0.01, what + ": 1 kHz leak " + other);
    }

    @Test
    void shouldDecodeEverySupportedContainerTo16kMono() throws Exception
    {
        final float[] tone = TestAudio.tone(440, 0.5, 44_100, 44_100);
        final float[] stereo = new float[2 * tone.length];
        for (int i = 0; i < tone.length; i++)
        {
            stereo[2 * i] = tone[i];
            stereo[2 * i + 1] = tone[i] * 0.5f;
        }
        // Stereo (1, 0.5) averages to 0.75 of the tone.
        assertTone(TestAudio.decodeAll(TestAudio.writeWav16(dir.resolve("a.wav"), stereo, 44_100, 2)), 0.375, "wav");
        assertTone(TestAudio.decodeAll(encode("a.mp3", "mp3", avcodec.AV_CODEC_ID_MP3, 44_100, 2)), 0.375, "mp3");
        assertTone(TestAudio.decodeAll(encode("a.ogg", "ogg", avcodec.AV_CODEC_ID_OPUS, 48_000, 1)), 0.5, "opus");
        assertTone(TestAudio.decodeAll(encode("a.flac", "flac", avcodec.AV_CODEC_ID_FLAC, 22_050, 1)), 0.5, "flac");
        assertTone(TestAudio.decodeAll(encode("a.m4a", "ipod", avcodec.AV_CODEC_ID_AAC, 48_000, 2)), 0.375, "m4a");
    }

    @Test
    void shouldReportSourceFormat() throws Exception
    {
        final Path wav = TestAudio.writeWav16(dir.resolve("b.wav"), TestAudio.tone(440, 0.5, 8_000, 8_000), 8_000, 1);
        try (AudioFileDecoder decoder = AudioFileDecoder.open(wav))
        {
            assertEquals(8_000, decoder.sourceSampleRate());
            assertEquals(1, decoder.sourceChannels());
            assertEquals("wav", decoder.formatName());
            assertEquals("pcm_s16le", decoder.codecName());
        }
    }

    private AudioDecodeException expectFailure(final Path file, final String fragment)
    {
        final AudioDecodeException ex = assertTimeout(Duration.ofSeconds(20),
            () -> assertThrows(AudioDecodeException.class, () -> TestAudio.decodeAll(file)));
        assertTrue(ex.getMessage().contains(file.toString()), "names the file: " + ex.getMessage());
        assertTrue(ex.problem().contains(fragment), "says '" + fragment + "': " + ex.getMessage());
        return ex;
    }

    @Test
    void shouldRejectAnEmptyFile() throws IOException
    {
        expectFailure(Files.createFile(dir.resolve("empty.wav")), "empty");
        expectFailure(Files.createFile(dir.resolve("empty.mp3")), "empty");
    }

    @Test
    void shouldRejectAMissingFile()
    {
        expectFailure(dir.resolve("nope.wav"), "no such file");
    }

    @Test
    void shouldRejectATruncatedWavHeader() throws IOException
    {
        final byte[] header = TestAudio.wavHeader(16_000, 1, 16, 32_000);
        expectFailure(Files.write(dir.resolve("trunc20.wav"), Arrays.copyOf(header, 20)), "ends inside the 'fmt ' chunk");
        expectFailure(Files.write(dir.resolve("trunc8.wav"), Arrays.copyOf(header, 8)), "truncated WAV header");
        expectFailure(Files.write(dir.resolve("trunc38.wav"), Arrays.copyOf(header, 38)), "truncated WAV header");
    }

    @Test
    void shouldRejectRandomBytesNamedWav() throws IOException
    {
        final byte[] noise = new byte[100_000];
        new Random(42).nextBytes(noise);
        expectFailure(Files.write(dir.resolve("random.wav"), noise), "no RIFF/WAVE header");
    }

    @Test
    void shouldNeverHangOrCrashOnRandomBytesUnderOtherNames() throws IOException
    {
        final byte[] noise = new byte[200_000];
        new Random(99).nextBytes(noise);
        for (final String name : new String[] {"random.mp3", "random.ogg", "random.m4a", "random.flac", "random"})
        {
            final Path file = Files.write(dir.resolve(name), noise);
            // FFmpeg probes the content, not the name: random bytes may be refused or, rarely, decoded as some
            // format's garbage. Either is acceptable; an unchecked exception, a hang or a JVM crash is not.
            assertTimeout(Duration.ofSeconds(20), () ->
            {
                try
                {
                    final float[] out = TestAudio.decodeAll(file);
                    for (final float v : out)
                    {
                        assertTrue(Float.isFinite(v), name + ": finite samples");
                    }
                }
                catch (final AudioDecodeException ex)
                {
                    assertTrue(ex.getMessage().contains(name), ex.getMessage());
                }
            });
        }
    }

    @Test
    void shouldDecodeATruncatedMp3UpToWhereItEnds() throws Exception
    {
        final Path mp3 = encode("full.mp3", "mp3", avcodec.AV_CODEC_ID_MP3, 44_100, 1);
        final byte[] bytes = Files.readAllBytes(mp3);
        final Path half = Files.write(dir.resolve("half.mp3"), Arrays.copyOf(bytes, bytes.length / 2));
        final float[] out = TestAudio.decodeAll(half);
        assertEquals(8_000, out.length, 1_500, "about half of the 1 s tone");
    }

    @Test
    void shouldRejectAnUnsupportedContainer() throws IOException
    {
        // A ZIP archive: FFmpeg has no demuxer for it.
        final byte[] zip = new byte[4096];
        zip[0] = 'P';
        zip[1] = 'K';
        zip[2] = 3;
        zip[3] = 4;
        new Random(3).nextBytes(Arrays.copyOfRange(zip, 30, 4096));
        final AudioDecodeException ex = assertThrows(AudioDecodeException.class,
            () -> TestAudio.decodeAll(Files.write(dir.resolve("archive.zip"), zip)));
        assertTrue(ex.problem().contains("cannot open it as audio") || ex.problem().contains("no audio stream"),
            ex.getMessage());
        assertTrue(!ex.getMessage().contains("setFormat"), "no JavaCV developer hints: " + ex.getMessage());
        // A PNG image: FFmpeg opens it (image2 pipe) but there is no audio in it.
        final byte[] png = Base64Png.ONE_PIXEL;
        final AudioDecodeException image = assertThrows(AudioDecodeException.class,
            () -> TestAudio.decodeAll(Files.write(dir.resolve("image.png"), png)));
        assertTrue(image.problem().contains("no audio stream") || image.problem().contains("cannot open it as audio"),
            image.getMessage());
    }

    @Test
    void shouldRejectZeroLengthAudio() throws IOException
    {
        expectFailure(Files.write(dir.resolve("zero.wav"), TestAudio.wavHeader(16_000, 1, 16, 0)), "zero-length");
        // A header that claims data which is not there at all is zero-length too.
        expectFailure(Files.write(dir.resolve("zero2.wav"), TestAudio.wavHeader(16_000, 1, 16, 1000)), "zero-length");
    }

    @Test
    void shouldRejectZeroAndAbsurdSampleRates() throws IOException
    {
        final byte[] samples = new byte[3200];
        for (final int rate : new int[] {0, 1, 3_999, 192_001, 2_000_000_000, -1})
        {
            final byte[] header = TestAudio.wavHeader(rate, 1, 16, samples.length);
            final byte[] file = Arrays.copyOf(header, header.length + samples.length);
            final AudioDecodeException ex = expectFailure(Files.write(dir.resolve("rate" + rate + ".wav"), file),
                "sample rate");
            assertTrue(ex.problem().contains(Long.toString(Integer.toUnsignedLong(rate))), ex.getMessage());
        }
    }

    @Test
    void shouldDecodeSilenceOnlyToExactZeros() throws Exception
    {
        final float[] out = TestAudio.decodeAll(TestAudio.writeWav16(dir.resolve("silence.wav"), new float[48_000],
            48_000, 1));
        assertEquals(16_000, out.length, 2);
        for (final float v : out)
        {
            assertEquals(0f, v);
        }
    }

    @Test
    void shouldDecodeClippingNoise() throws Exception
    {
        final Random random = new Random(5);
        final float[] noise = new float[44_100 * 2];
        for (int i = 0; i < noise.length; i++)
        {
            noise[i] = random.nextBoolean() ? 1f : -1f;
        }
        final float[] out = TestAudio.decodeAll(TestAudio.writeWav16(dir.resolve("clip.wav"), noise, 44_100, 2));
        assertEquals(16_000, out.length, 2);
        double sum = 0;
        for (final float v : out)
        {
            assertTrue(Float.isFinite(v) && Math.abs(v) < 2f, "bounded sample " + v);
            sum += v * v;
        }
        assertTrue(Math.sqrt(sum / out.length) > 0.3, "the noise survives decoding");
    }

    @Test
    void shouldDecodeWavWithExtraChunksAndFloatSamples() throws Exception
    {
        // A LIST chunk before fmt and IEEE float data: FFmpeg handles both; our header check must not object.
        final float[] tone = TestAudio.tone(440, 0.5, 16_000, 16_000);
        final ByteBuffer b = ByteBuffer.allocate(12 + 8 + 10 + 8 + 16 + 8 + tone.length * 4)
            .order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(b.capacity() - 8);
        b.put("WAVELIST".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(10).put(new byte[10]);
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short)3)
            .putShort((short)1).putInt(16_000).putInt(64_000).putShort((short)4).putShort((short)32);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(tone.length * 4);
        for (final float v : tone)
        {
            b.putFloat(v);
        }
        final float[] out = TestAudio.decodeAll(Files.write(dir.resolve("float.wav"), b.array()));
        assertEquals(16_000, out.length, 2);
        assertEquals(0.5, TestAudio.amplitudeAt(out, 1600, 14400, 440, 16000), 0.002);
    }
}

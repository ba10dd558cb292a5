package io.avatar.engine.cli;

import io.avatar.engine.audio.AudioFileDecoder;
import io.avatar.kernels.dsp.LogMel80;
import io.avatar.kernels.dsp.Mfcc13;
import io.avatar.models.vad.SileroVad;
import io.avatar.models.vad.SpeechSegmenter;
import io.avatar.models.vad.VoiceActivityDetector;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code avatar features --audio FILE --out FILE(.csv|.npy) [--mfcc] [--no-vad]}: decodes any audio file to
 * 16 kHz mono, writes the 100 frames/s features of {@code docs/FEATURES.md} (80 log-mel, or MFCC-13 with
 * {@code --mfcc}) and prints the frame count, the frame rate and the Silero VAD speech segments. Streams the file:
 * memory does not grow with its length.
 */
public final class FeaturesCommand implements CliCommand
{
    private static final int BLOCK = 4096;

    @Override
    public String name()
    {
        return "features";
    }

    @Override
    public String summary()
    {
        return "write 100 fps log-mel (or MFCC) features of an audio file and print its speech segments";
    }

    @Override
    public java.util.Set<String> flags()
    {
        return java.util.Set.of("mfcc", "no-vad");
    }

    @Override
    public String usage()
    {
        return "--audio FILE --out FILE.npy|FILE.csv [--mfcc] [--no-vad]\n"
            + "--audio FILE  any audio file FFmpeg reads (wav, mp3, ogg/opus, flac, m4a, ...), any rate/channels\n"
            + "--out FILE    .npy: float32 (frames, 80) [or (frames, 13)]; .csv: t_ms (window centre) + values\n"
            + "--mfcc        write MFCC-13 instead of the 80 log-mel bands\n"
            + "--no-vad      skip voice activity detection (no model needed)";
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Path audio = Path.of(args.required("audio"));
        final Path target = Path.of(args.required("out"));
        final boolean mfcc = args.flag("mfcc");
        final boolean noVad = args.flag("no-vad");
        args.rejectUnknown();

        final List<long[]> segments = new ArrayList<>();
        final LogMel80 mel = new LogMel80();
        final Mfcc13 cepstrum = new Mfcc13();
        final float[] block = new float[BLOCK];
        final float[] frame = new float[LogMel80.BANDS];
        final float[] coefficients = new float[Mfcc13.COEFFICIENTS];
        long start = System.nanoTime();
        long frames = 0;
        final long samples;
        final int sourceRate;
        final int sourceChannels;
        try (AudioFileDecoder decoder = AudioFileDecoder.open(audio);
            SileroVad vad = noVad ? null : SileroVad.open();
            FeatureFileWriter writer = FeatureFileWriter.create(target,
                mfcc ? Mfcc13.COEFFICIENTS : LogMel80.BANDS, mfcc ? "c" : "mel"))
        {
            sourceRate = decoder.sourceSampleRate();
            sourceChannels = decoder.sourceChannels();
            err.printf(Locale.ROOT, "decoding %s (%s, %s, %d Hz, %d ch) -> 16 kHz mono%n", audio,
                decoder.formatName(), decoder.codecName(), sourceRate, sourceChannels);
            err.printf(Locale.ROOT, "opened in %.2f s (FFmpeg, ONNX Runtime and the VAD model load once)%n",
                (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            final VoiceActivityDetector detector = vad == null ? null : new VoiceActivityDetector(vad,
                new SpeechSegmenter((s, e) -> segments.add(new long[] {s, e})), null);
            int n;
            while ((n = decoder.read(block, 0, BLOCK)) > 0)
            {
                if (detector != null)
                {
                    detector.push(block, 0, n);
                }
                int pushed = 0;
                while (pushed < n)
                {
                    pushed += mel.push(block, pushed, n - pushed);
                    while (mel.frameReady())
                    {
                        final double centreMs = (frames * LogMel80.HOP + LogMel80.WINDOW / 2) * 1000.0
                            / LogMel80.SAMPLE_RATE;
                        mel.poll(frame, 0);
                        if (mfcc)
                        {
                            cepstrum.compute(frame, 0, coefficients, 0);
                            writer.write(centreMs, coefficients, 0);
                        }
                        else
                        {
                            writer.write(centreMs, frame, 0);
                        }
                        frames++;
                    }
                }
            }
            if (detector != null)
            {
                detector.finish();
            }
            samples = decoder.samplesRead();
        }
        final double seconds = samples / (double)LogMel80.SAMPLE_RATE;
        final double wall = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "audio: %.3f s (%d samples at 16 kHz, from %d Hz x %d ch)%n", seconds, samples,
            sourceRate, sourceChannels);
        out.printf(Locale.ROOT, "frames: %d %s x %d -> %s%n", frames, mfcc ? "mfcc" : "log-mel",
            mfcc ? Mfcc13.COEFFICIENTS : LogMel80.BANDS, target);
        out.printf(Locale.ROOT, "frame rate: %d frames/s (hop %d ms; %.2f frames per second of audio, the first "
            + "frame needs a full 25 ms window)%n", LogMel80.FRAMES_PER_SECOND, 1000 / LogMel80.FRAMES_PER_SECOND,
            seconds > 0 ? frames / seconds : 0.0);
        out.printf(Locale.ROOT, "processing: %.2f s wall after opening, %.0fx real time%n", wall, seconds / Math.max(wall, 1e-9));
        if (noVad)
        {
            out.println("speech segments: not computed (--no-vad)");
        }
        else
        {
            long speechMs = 0;
            for (final long[] s : segments)
            {
                speechMs += s[1] - s[0];
            }
            out.printf(Locale.ROOT, "speech segments (ms): %d, %.1f s of speech%n", segments.size(), speechMs / 1e3);
            for (final long[] s : segments)
            {
                out.printf(Locale.ROOT, "  %d-%d%n", s[0], s[1]);
            }
        }
        return 0;
    }
}

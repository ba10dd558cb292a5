package io.avatar.transport.stream;

import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The protocols the loaded FFmpeg build can write to ({@code avio_enum_protocols}), read once. Builds differ: SRT
 * needs FFmpeg compiled with libsrt, so a stream output asks here before trusting an {@code srt://} URL.
 */
public final class FfmpegProtocols
{
    private static volatile Set<String> output;

    private FfmpegProtocols()
    {
    }

    /**
     * @return names of the output protocols of this FFmpeg build (e.g. {@code file}, {@code rtmp}, {@code srt}). Any
     *     thread.
     */
    public static Set<String> output()
    {
        Set<String> s = output;
        if (s == null)
        {
            final Set<String> names = new LinkedHashSet<>();
            try (PointerPointer<Pointer> opaque = new PointerPointer<>(1))
            {
                // The iterator state must start as NULL: an uninitialised cell crashes avio_enum_protocols.
                opaque.put(0, (Pointer)null);
                BytePointer name;
                while ((name = avformat.avio_enum_protocols(opaque, 1)) != null)
                {
                    names.add(name.getString());
                }
            }
            s = Set.copyOf(names);
            output = s;
        }
        return s;
    }

    /**
     * @param protocol a protocol name, e.g. {@code "srt"}.
     * @return whether this FFmpeg build can write to it. Any thread.
     */
    public static boolean canWrite(final String protocol)
    {
        return output().contains(protocol);
    }
}

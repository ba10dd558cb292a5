package io.avatar.engine.output;

import io.avatar.engine.session.FrameOutput;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A session output that writes an MP4 (H.264 + AAC): each frame with exactly its own audio, so the file's audio and
 * video stay aligned by construction. For offline render: encoding runs on the output stage's thread, which is fine
 * when nothing is live. The writer opens lazily on the first frame, when the frame size is known.
 */
public final class Mp4FileOutput implements FrameOutput
{
    private final Path file;
    private final int fps;
    private Mp4Writer writer;
    private byte[] frame;
    private IOException failure;
    private volatile boolean closed;

    /**
     * @param file output path.
     * @param fps  frame rate.
     */
    public Mp4FileOutput(final Path file, final int fps)
    {
        this.file = file;
        this.fps = fps;
    }

    @Override
    public void onFrame(final long sessionId, final long frameIndex, final long ptsNs, final UnsafeBuffer i420,
        final int offset, final int width, final int height, final float[] audio, final int audioLen,
        final float[] weights, final float[] pose)
    {
        if (failure != null)
        {
            return;
        }
        try
        {
            if (writer == null)
            {
                writer = new Mp4Writer(file, width, height, fps);
                frame = new byte[width * height * 3 / 2];
            }
            i420.getBytes(offset, frame, 0, frame.length);
            writer.writeI420(frame);
            writer.writeAudio(audio, 0, audioLen, 16_000);
        }
        catch (final IOException ex)
        {
            failure = ex;
        }
    }

    @Override
    public void onClose()
    {
        try
        {
            if (writer != null)
            {
                writer.close();
            }
        }
        catch (final IOException ex)
        {
            if (failure == null)
            {
                failure = ex;
            }
        }
        finally
        {
            closed = true;
        }
    }

    /**
     * @return whether {@link #onClose()} has finished the file. Any thread.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * @return frames written.
     */
    public long framesWritten()
    {
        return writer == null ? 0 : writer.framesWritten();
    }

    /**
     * @throws IOException the first failure, if writing failed.
     */
    public void checkFailure() throws IOException
    {
        if (failure != null)
        {
            throw new IOException("writing " + file + " failed: " + failure.getMessage(), failure);
        }
    }

    /**
     * @return the first failure as an unchecked exception, or null.
     */
    public UncheckedIOException failure()
    {
        return failure == null ? null : new UncheckedIOException(failure);
    }
}

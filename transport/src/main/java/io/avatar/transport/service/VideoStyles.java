package io.avatar.transport.service;

import io.avatar.models.style.StyleFile;
import io.avatar.models.style.extract.ExtractionReport;
import io.avatar.models.style.extract.StyleExtractionException;
import io.avatar.models.style.extract.StyleExtractor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Extracts speaking styles from uploaded reference videos ({@link StyleExtractor}) on one thread of its own: an
 * extraction decodes and tracks every frame (a few seconds of CPU for a short clip), so extractions run one at a
 * time and never on a Netty event loop or an engine thread; at most {@link #QUEUE} more wait. {@link #extract}
 * blocks its caller (an HTTP API thread) until the style is ready, so the queue is short: at most two of the server's
 * four API threads ever wait on extractions, and other requests keep being served. The extractor's face models are opened on first
 * use and kept. Thread-safe.
 */
final class VideoStyles implements AutoCloseable
{
    /** Extractions that may wait behind the running one; more are refused (503). */
    static final int QUEUE = 1;
    /** Name of the uploaded file: also the extracted style's name. */
    static final String NAME = "reference-video";

    private final ExecutorService thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(QUEUE), r ->
        {
            final Thread t = new Thread(r, "avatar-style-extract");
            t.setDaemon(true);
            return t;
        })
    {
        @Override
        protected void terminated()
        {
            // runs on the exiting extraction thread (or on the closer when that thread never started)
            if (extractor != null)
            {
                extractor.close();
                extractor = null;
            }
        }
    };
    /** Owned by the extraction thread only. */
    private StyleExtractor extractor;

    /**
     * Extracts a style. Blocks the calling thread (never call it from an event loop) until done.
     *
     * @param video the reference video's bytes.
     * @return the style (its motion clip is the longest usable face segment).
     * @throws IllegalArgumentException naming the problem: not a video, no video stream, no face, too little usable
     *                                  face (under {@link StyleExtractor#MIN_SECONDS} s).
     * @throws IllegalStateException    when the extraction queue is full, or the face models cannot be loaded.
     */
    StyleFile extract(final byte[] video)
    {
        if (video.length == 0)
        {
            throw new IllegalArgumentException("style video is empty (0 bytes)");
        }
        final Future<StyleFile> f;
        try
        {
            f = thread.submit(() -> run(video));
        }
        catch (final RejectedExecutionException ex)
        {
            throw new IllegalStateException("the server is busy with " + (QUEUE + 1) + " style videos (extracting "
                + "or waiting); try again in a few seconds");
        }
        try
        {
            return f.get();
        }
        catch (final InterruptedException ex)
        {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting the style", ex);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RuntimeException r)
            {
                throw r;
            }
            throw new IllegalStateException("style extraction failed: " + ex.getCause(), ex.getCause());
        }
    }

    /** Extraction thread. */
    private StyleFile run(final byte[] video)
    {
        final Path dir;
        try
        {
            dir = Files.createTempDirectory("avatar-style");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot store the style video: " + ex.getMessage(), ex);
        }
        final Path file = dir.resolve(NAME);
        try
        {
            Files.write(file, video);
            if (extractor == null)
            {
                try
                {
                    extractor = StyleExtractor.openDefault();
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException("the face models cannot be loaded: " + ex.getMessage(), ex);
                }
            }
            final ExtractionReport report = extractor.extract(file, null);
            return report.style();
        }
        catch (final StyleExtractionException ex)
        {
            // the message starts with the temporary file's path: name the upload instead
            throw new IllegalArgumentException("style video: " + ex.getMessage().replace(file + ": ", ""), ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("style video cannot be read: " + ex.getMessage(), ex);
        }
        finally
        {
            try
            {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
            catch (final IOException ignored)
            {
                // a temporary file left behind is harmless; the extraction's own result or error matters
            }
        }
    }

    /** Stops the extraction thread once the running and queued extractions end, then frees the models. Any thread. */
    @Override
    public void close()
    {
        thread.shutdown();
    }
}

package io.avatar.models.decoder;

/**
 * What every backend of the shipped decoder graph has in common, whatever runs the graph: the feature window and
 * padding frame of its {@link DecoderManifest}, its front end ({@link OnnxMotionDecoder.EmaCmvn}) and the batch limit
 * its buffers were sized for. The backends differ only in how they load and run the graph. Same threading as
 * {@link MotionModel}: setup on any thread, the rest on the decoder stage's thread.
 */
abstract class ManifestMotionModel implements MotionModel
{
    /** The validated manifest of the graph. */
    final DecoderManifest manifest;
    /** Largest batch one {@link #run} takes, 1..1024 (checked by the subclass before it sizes anything). */
    final int maxBatch;

    /**
     * @param manifest the validated manifest.
     * @param maxBatch largest batch.
     */
    ManifestMotionModel(final DecoderManifest manifest, final int maxBatch)
    {
        this.manifest = manifest;
        this.maxBatch = maxBatch;
    }

    @Override
    public final int pastFeatureFrames()
    {
        return manifest.past();
    }

    @Override
    public final int futureFeatureFrames()
    {
        return manifest.future();
    }

    @Override
    public final int maxBatch()
    {
        return maxBatch;
    }

    @Override
    public final void padFrame(final float[] dst, final int off)
    {
        System.arraycopy(manifest.padFrame(), 0, dst, off, 80);
    }

    @Override
    public final FrontEnd newFrontEnd()
    {
        return new OnnxMotionDecoder.EmaCmvn(manifest);
    }

    /**
     * Rejects a batch size the buffers were not sized for. Decoder stage's thread.
     *
     * @param batch the batch a {@link #run} was asked for.
     */
    final void checkBatch(final int batch)
    {
        if (batch < 1 || batch > maxBatch)
        {
            throw new IllegalArgumentException("batch must be in [1, " + maxBatch + "], got " + batch);
        }
    }
}

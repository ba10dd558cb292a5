package io.avatar.models.baseline;

/**
 * The 15 Oculus (Meta OVR LipSync) visemes in their standard order ({@link #ordinal()}: sil = 0 ... U = 14), with
 * HeadAudio's own numbering of the same visemes (its {@code visemeNames} in {@code modules/headaudio.mjs} and
 * Appendix A of its README: aa = 0 ... CH = 13, sil = 14) and HeadAudio's per-viseme maximum blend value
 * ({@code visemeMaxs}).
 */
public enum OculusViseme
{
    /** Silence. */ sil(14, 0.65),
    /** p, b, m. */ PP(5, 0.75),
    /** f, v. */ FF(9, 0.75),
    /** th (dental). */ TH(7, 0.65),
    /** t, d. */ DD(8, 0.65),
    /** k, g. */ kk(10, 0.65),
    /** ch, j, sh-like affricates. */ CH(13, 0.65),
    /** s, z and other fricatives. */ SS(6, 0.65),
    /** n, ng. */ nn(11, 0.65),
    /** r, l, w, j (liquids and approximants). */ RR(12, 0.65),
    /** Open vowels. */ aa(0, 0.65),
    /** Mid and central vowels. */ E(1, 0.65),
    /** Close front vowels. */ I(2, 0.65),
    /** Mid back rounded vowels. */ O(3, 0.65),
    /** Close back rounded vowels. */ U(4, 0.65);

    /** Number of visemes. */
    public static final int COUNT = 15;

    private static final OculusViseme[] VALUES = values();
    private static final OculusViseme[] BY_HEADAUDIO_ID = new OculusViseme[COUNT];

    static
    {
        for (final OculusViseme v : VALUES)
        {
            BY_HEADAUDIO_ID[v.headAudioId] = v;
        }
    }

    private final int headAudioId;
    private final double headAudioMax;

    OculusViseme(final int headAudioId, final double headAudioMax)
    {
        this.headAudioId = headAudioId;
        this.headAudioMax = headAudioMax;
    }

    /**
     * @return the id HeadAudio uses for this viseme (model files, classifier output).
     */
    public int headAudioId()
    {
        return headAudioId;
    }

    /**
     * @return HeadAudio's largest blend value for this viseme ({@code visemeMaxs} in headaudio.mjs).
     */
    public double headAudioMax()
    {
        return headAudioMax;
    }

    /**
     * @param index standard Oculus index, 0..14.
     * @return the viseme.
     */
    public static OculusViseme at(final int index)
    {
        return VALUES[index];
    }

    /**
     * @param id HeadAudio viseme id, 0..14.
     * @return the viseme.
     */
    public static OculusViseme fromHeadAudioId(final int id)
    {
        return BY_HEADAUDIO_ID[id];
    }
}

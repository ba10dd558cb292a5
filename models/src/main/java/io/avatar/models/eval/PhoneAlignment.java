package io.avatar.models.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A phone alignment: consecutive segments {@code [start, end)} in seconds with a phone name, read from Festival's
 * {@code utt.save.segs} files ({@code .lab}: after a {@code #} line, one segment per line, "end-time constant phone";
 * each segment starts where the previous ended, the first at 0). Phone names are lower-cased with ARPAbet stress digits
 * stripped ({@code OW1} -> {@code ow}). Immutable; any thread.
 * <p>
 * Phone classes (Festival's US phone set = ARPAbet, docs/MOTION_FORMAT.md):
 * <ul>
 * <li>silence: {@code pau, sil, h#, sp, #};</li>
 * <li>bilabial: {@code p, b, m, em};</li>
 * <li>rounded: the rounded vowels and glide {@code uw, uh, ow, ao, oy, w};</li>
 * <li>unrounded vowels: {@code iy, ih, ey, eh, ae, aa, ah, ax, ay, aw, er, axr, ix}.</li>
 * </ul>
 */
public final class PhoneAlignment
{
    /** Silence labels. */
    public static final Set<String> SILENCE = Set.of("pau", "sil", "h#", "sp", "#");
    /** Bilabial closures. */
    public static final Set<String> BILABIAL = Set.of("p", "b", "m", "em");
    /** Rounded vowels and the rounded glide. */
    public static final Set<String> ROUNDED = Set.of("uw", "uh", "ow", "ao", "oy", "w");
    /** Unrounded (spread or neutral) vowels. */
    public static final Set<String> UNROUNDED = Set.of("iy", "ih", "ey", "eh", "ae", "aa", "ah", "ax", "ay", "aw",
        "er", "axr", "ix");
    /** Vowels of either kind. */
    private static final Set<String> VOWELS = Set.of("iy", "ih", "ey", "eh", "ae", "aa", "ah", "ax", "ay", "aw",
        "er", "axr", "ix", "uw", "uh", "ow", "ao", "oy");

    /**
     * One phone segment.
     *
     * @param start start in seconds.
     * @param end   end in seconds (> start).
     * @param phone normalised phone name.
     */
    public record Segment(double start, double end, String phone)
    {
    }

    private final List<Segment> segments;

    /**
     * @param segments consecutive segments; copied.
     */
    public PhoneAlignment(final List<Segment> segments)
    {
        this.segments = List.copyOf(segments);
    }

    /**
     * Reads a Festival segment file.
     *
     * @param lab the file.
     * @return the alignment.
     * @throws IOException when unreadable, without a {@code #} line, with a malformed line or with end times that do not
     *     increase (the message names the file and line).
     */
    public static PhoneAlignment readLab(final Path lab) throws IOException
    {
        final List<String> lines = Files.readAllLines(lab, StandardCharsets.UTF_8);
        final List<Segment> out = new ArrayList<>();
        boolean body = false;
        double start = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).trim();
            if (!body)
            {
                body = line.startsWith("#");
                continue;
            }
            if (line.isEmpty())
            {
                continue;
            }
            final String[] f = line.split("\\s+");
            if (f.length != 3)
            {
                throw new IOException(lab + " line " + (i + 1) + ": expected 'end-time constant phone', got '"
                    + line + "'");
            }
            final double end;
            try
            {
                end = Double.parseDouble(f[0]);
            }
            catch (final NumberFormatException ex)
            {
                throw new IOException(lab + " line " + (i + 1) + ": end time '" + f[0] + "' is not a number", ex);
            }
            if (!(end > start))
            {
                throw new IOException(lab + " line " + (i + 1) + ": end time " + end + " does not follow " + start);
            }
            out.add(new Segment(start, end, normalise(f[2])));
            start = end;
        }
        if (!body || out.isEmpty())
        {
            throw new IOException(lab + ": not a Festival segment file (a '#' line, then 'end constant phone' lines)");
        }
        return new PhoneAlignment(out);
    }

    /**
     * @param phone a phone label.
     * @return lower case without stress digits.
     */
    public static String normalise(final String phone)
    {
        return phone.toLowerCase(Locale.ROOT).replaceAll("[0-9]+$", "");
    }

    /** @return the segments. */
    public List<Segment> segments()
    {
        return segments;
    }

    /**
     * @param t time in seconds.
     * @return the phone at time t, or null outside the alignment.
     */
    public String phoneAt(final double t)
    {
        for (final Segment s : segments)
        {
            if (t >= s.start && t < s.end)
            {
                return s.phone;
            }
        }
        return null;
    }

    /** @return end time of the last segment. */
    public double duration()
    {
        return segments.get(segments.size() - 1).end;
    }

    /**
     * @param phone normalised name.
     * @return true for a pause/silence label.
     */
    public static boolean isSilence(final String phone)
    {
        return SILENCE.contains(phone);
    }

    /**
     * @param phone normalised name.
     * @return true for a vowel.
     */
    public static boolean isVowel(final String phone)
    {
        return VOWELS.contains(phone);
    }
}

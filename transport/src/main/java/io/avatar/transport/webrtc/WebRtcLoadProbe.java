package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.internal.NativeLoader;

/**
 * Child-process entry point for {@link WebRtcDoctorCheck}: loads the webrtc-java native library and prints
 * {@code OK} or the error. Runs in its own JVM because the library starts native threads that may write to the
 * terminal when the JVM exits, and a native crash must not take {@code avatar doctor} down with it.
 */
public final class WebRtcLoadProbe
{
    private WebRtcLoadProbe()
    {
    }

    /**
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        try
        {
            NativeLoader.loadLibrary("webrtc-java");
            System.out.println("OK");
        }
        catch (final Throwable t)
        {
            System.out.println("ERROR " + t);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}

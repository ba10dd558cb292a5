package io.avatar.transport.whip;

/**
 * Runs the test WHIP endpoint (a webrtc-java receiver answering offers) standalone, to try {@code avatar whip} or
 * {@code POST /api/sessions/{id}/whip} against it: {@code java -cp <test class path>
 * io.avatar.transport.whip.WhipEndpointMain [token] [seconds]}. Prints its URL, then once a second the frames and
 * audio received and the DELETEs seen. Must run in the same network namespace as the publisher, with a
 * non-loopback address (WebRTC ignores loopback: see src/test/netns/bin/java). Main thread.
 */
public final class WhipEndpointMain
{
    private WhipEndpointMain()
    {
    }

    /**
     * @param args optional bearer token (default none) and run time in seconds (default 60).
     * @throws Exception when the endpoint cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final String token = args.length > 0 && !args[0].isEmpty() ? args[0] : null;
        final int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        try (WhipTestReceiver receiver = new WhipTestReceiver();
             TestWhipEndpoint endpoint = new TestWhipEndpoint(token, receiver))
        {
            System.out.println("WHIP endpoint " + endpoint.url());
            System.out.flush();
            long frames = 0;
            long audio = 0;
            for (int i = 0; i < seconds; i++)
            {
                Thread.sleep(1000);
                final long f = receiver.frames.get();
                final long a = receiver.audioSamples.get();
                System.out.printf("t=%ds frames %d (+%d) %dx%d, audio samples +%d, posts %d, deletes %d, live %d%n",
                    i + 1, f, f - frames, receiver.width, receiver.height, a - audio, endpoint.posts.get(),
                    endpoint.deletes.get(), endpoint.liveResources());
                System.out.flush();
                frames = f;
                audio = a;
            }
        }
    }
}

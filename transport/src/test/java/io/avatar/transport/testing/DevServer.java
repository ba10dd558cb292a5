package io.avatar.transport.testing;

import io.avatar.transport.http.AvatarHttpServer;
import io.avatar.transport.http.ServerConfig;

/**
 * Runs the server on the {@link TestPatternService} so the page can be tried without the engine:
 * {@code java -cp <test class path> io.avatar.transport.testing.DevServer [port] [token]}. Main thread.
 */
public final class DevServer
{
    private DevServer()
    {
    }

    /**
     * @param args optional port and token.
     * @throws Exception when the server cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        final String token = args.length > 1 ? args[1] : "dev-token-0123456789abcdef";
        final TestPatternService service = new TestPatternService();
        final AvatarHttpServer server = AvatarHttpServer.start(service,
            ServerConfig.defaults("127.0.0.1", port, token), true);
        System.out.println("serving http://127.0.0.1:" + server.port() + "/#token=" + token);
        System.out.flush();
        server.awaitClose();
    }
}

package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * ICE settings for real deployments: STUN/TURN servers, relay-only mode, a UDP port range, and which local
 * addresses may be offered to peers (candidates on other addresses are not signalled, so a multi-homed host can be
 * pinned to one interface). Immutable; safe to share between threads.
 *
 * @param servers        STUN/TURN servers.
 * @param relayOnly      offer only TURN relay candidates.
 * @param minPort        lowest local UDP port, 0 for any.
 * @param maxPort        highest local UDP port, 0 for any.
 * @param allowedAddress prefixes of local IP addresses whose candidates are signalled (e.g. "10.0.", "192.168.1.7");
 *                       empty for all.
 */
public record IceConfig(List<Server> servers, boolean relayOnly, int minPort, int maxPort, List<String> allowedAddress)
{
    /**
     * One STUN or TURN server.
     *
     * @param urls       {@code stun:host:port}, {@code turn:host:port?transport=udp}, {@code turns:...}.
     * @param username   TURN user name, or null.
     * @param credential TURN password, or null.
     */
    public record Server(List<String> urls, String username, String credential)
    {
        /**
         * Validates the URLs.
         */
        public Server
        {
            urls = List.copyOf(urls);
            if (urls.isEmpty())
            {
                throw new IllegalArgumentException("an ICE server needs at least one URL");
            }
            for (final String u : urls)
            {
                final String scheme = u.contains(":") ? u.substring(0, u.indexOf(':')) : "";
                if (!List.of("stun", "stuns", "turn", "turns").contains(scheme))
                {
                    throw new IllegalArgumentException("ICE server URL must start with stun:, stuns:, turn: or turns:, got '"
                        + u + "'");
                }
                if (scheme.startsWith("turn") && (username == null || credential == null))
                {
                    throw new IllegalArgumentException("TURN server " + u + " needs a username and a credential");
                }
                if (u.chars().anyMatch(Character::isWhitespace))
                {
                    throw new IllegalArgumentException("ICE server URL contains white space: '" + u + "'");
                }
            }
        }
    }

    /** No servers, host candidates only, any port, any address: right for a LAN or a test namespace. */
    public static final IceConfig LOCAL = new IceConfig(List.of(), false, 0, 0, List.of());

    /**
     * Validates the ranges.
     */
    public IceConfig
    {
        servers = List.copyOf(servers);
        allowedAddress = List.copyOf(allowedAddress);
        if (minPort < 0 || maxPort > 65_535 || minPort > maxPort)
        {
            throw new IllegalArgumentException("ICE port range must satisfy 0 <= min <= max <= 65535, got " + minPort
                + ".." + maxPort);
        }
        if (relayOnly && servers.stream().noneMatch(s -> s.urls().stream().anyMatch(u -> u.startsWith("turn"))))
        {
            throw new IllegalArgumentException("relay-only ICE needs a TURN server");
        }
    }

    /**
     * Parses {@code --ice-server} values: {@code stun:host:port} or {@code turn:host:port,user,password}.
     *
     * @param specs the values.
     * @return the servers.
     */
    public static List<Server> parseServers(final List<String> specs)
    {
        final List<Server> out = new ArrayList<>();
        for (final String spec : specs)
        {
            final String[] parts = spec.split(",", -1);
            if (parts.length != 1 && parts.length != 3)
            {
                throw new IllegalArgumentException("ICE server must be 'URL' or 'URL,user,password', got '" + spec + "'");
            }
            out.add(parts.length == 1 ? new Server(List.of(parts[0]), null, null)
                : new Server(List.of(parts[0]), parts[1], parts[2]));
        }
        return out;
    }

    /**
     * @return a fresh webrtc-java configuration for one peer connection.
     */
    public RTCConfiguration toRtc()
    {
        final RTCConfiguration c = new RTCConfiguration();
        for (final Server s : servers)
        {
            final RTCIceServer is = new RTCIceServer();
            is.urls = new ArrayList<>(s.urls());
            is.username = s.username();
            is.password = s.credential();
            c.iceServers.add(is);
        }
        if (relayOnly)
        {
            c.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        }
        if (minPort != 0 || maxPort != 0)
        {
            final PortAllocatorConfig pa = new PortAllocatorConfig();
            pa.minPort = minPort;
            pa.maxPort = maxPort;
            c.portAllocatorConfig = pa;
        }
        return c;
    }

    /**
     * @param candidate an SDP candidate line ({@code candidate:foundation component proto prio ip port typ ...}).
     * @return whether it may be signalled to the peer under {@link #allowedAddress}.
     */
    public boolean allows(final String candidate)
    {
        if (allowedAddress.isEmpty())
        {
            return true;
        }
        final String[] f = candidate.trim().split("\\s+");
        if (f.length < 5)
        {
            return false;
        }
        for (final String prefix : allowedAddress)
        {
            if (f[4].startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }
}

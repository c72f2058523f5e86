package dev.tdsmock.proxy;

import dev.tdsmock.wire.TdsVersion;
import dev.tdsmock.wire.TokenStream;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the upstream answered LOGIN7 with (MS-TDS 2.2.7.14 LOGINACK, 2.2.7.9 ENVCHANGE, 2.2.7.10 ERROR).
 *
 * @param payload the whole TABULAR_RESULT payload, relayed to the client as it came; its holder releases it
 * @param loggedIn whether a LOGINACK came
 * @param tdsVersion the negotiated version (a {@link TdsVersion} constant) LOGINACK says; the client's otherwise
 * @param program LOGINACK's program name and version ("Microsoft SQL Server 16.0.4135"), or null
 * @param packetSize the packet size an ENVCHANGE (type 4) set, or 0 when none did
 * @param database the database an ENVCHANGE (type 1) set, or null
 * @param route the server a routing ENVCHANGE (type 20) points at, or null
 * @param errors the ERROR tokens, in order
 */
public record LoginAnswer(ByteBuf payload, boolean loggedIn, long tdsVersion, String program, int packetSize,
                          String database, Route route, List<Message> errors) {

    /** Where a routing ENVCHANGE sends the client: AlternateServer and ProtocolProperty (the port). */
    public record Route(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** An ERROR token's number, class, state and text. */
    public record Message(int number, int severity, int state, String text) {
    }

    /**
     * @param clientVersion the TDS version the client's LOGIN7 asked for: how tokens before LOGINACK are read
     * @throws dev.tdsmock.wire.MalformedTdsException when the token stream cannot be read
     */
    static LoginAnswer read(ByteBuf payload, long clientVersion) {
        Reader reader = new Reader(TdsVersion.negotiate(clientVersion));
        ResponseTokens.walk(payload, reader.version, reader);
        return new LoginAnswer(payload, reader.loggedIn, reader.version, reader.program, reader.packetSize,
                reader.database, reader.route, List.copyOf(reader.errors));
    }

    private static final class Reader implements ResponseTokens.Listener {
        private long version;
        private boolean loggedIn;
        private String program;
        private int packetSize;
        private String database;
        private Route route;
        private final List<Message> errors = new ArrayList<>();

        Reader(long version) {
            this.version = version;
        }

        @Override
        public void loginAck(int tdsVersion, String programName, int major, int minor, int buildHi, int buildLow) {
            loggedIn = true;
            version = TdsVersion.fromLoginAck(tdsVersion & 0xFFFF_FFFFL);
            program = programName + " " + major + "." + minor + "." + ((buildHi << 8) | buildLow);
        }

        @Override
        public void envChange(int type, byte[] newValue, byte[] oldValue) {
            switch (type) {
                case TokenStream.ENV_PACKET_SIZE -> packetSize = parsePacketSize(ucs2(newValue));
                case TokenStream.ENV_DATABASE -> database = ucs2(newValue);
                case TokenStream.ENV_ROUTING -> route = route(newValue);
                default -> {
                }
            }
        }

        @Override
        public void message(boolean error, int number, int state, int severity, String text, String serverName,
                            String procName, long lineNumber) {
            if (error) {
                errors.add(new Message(number, severity, state, text));
            }
        }

        private static int parsePacketSize(String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        /** Protocol (1, 0 = TCP), ProtocolProperty (2, the port), AlternateServer (US_VARCHAR). */
        private static Route route(byte[] data) {
            if (data.length < 5) {
                return null;
            }
            int port = (data[1] & 0xFF) | (data[2] & 0xFF) << 8;
            int chars = (data[3] & 0xFF) | (data[4] & 0xFF) << 8;
            int length = Math.min(chars * 2, data.length - 5);
            return new Route(new String(data, 5, length, StandardCharsets.UTF_16LE), port);
        }

        private static String ucs2(byte[] value) {
            return new String(value, StandardCharsets.UTF_16LE);
        }
    }
}

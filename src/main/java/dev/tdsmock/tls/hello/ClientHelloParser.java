package dev.tdsmock.tls.hello;

import io.netty.buffer.ByteBuf;
import java.util.Optional;

/** Reads a client's ClientHello from the raw bytes of a connection, before any TLS engine sees them. */
public final class ClientHelloParser {
    /** The most bytes a ClientHello may take, records included; beyond that the input is rejected. */
    public static final int MAX_CLIENT_HELLO_BYTES = 64 * 1024;

    private ClientHelloParser() {
    }

    /**
     * Looks at the readable bytes of {@code in} without moving its reader index. Empty when more bytes are needed
     * to see the whole ClientHello, which may be split across several handshake records that may themselves
     * arrive in pieces.
     *
     * @throws MalformedClientHelloException when the bytes cannot be the start of a ClientHello, or are one
     *         that breaks its encoding
     */
    public static Optional<ClientHello> tryParse(ByteBuf in) {
        return HandshakeReassembler.tryAssemble(in, MAX_CLIENT_HELLO_BYTES)
                .map(message -> ClientHelloBodyReader.read(message.recordVersion(), message.bytes()));
    }
}

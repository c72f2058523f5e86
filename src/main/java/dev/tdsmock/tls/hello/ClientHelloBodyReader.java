package dev.tdsmock.tls.hello;

import java.util.List;

/** Reads the body of a complete ClientHello handshake message (RFC 8446 section 4.1.2, RFC 5246 section 7.4.1.2). */
final class ClientHelloBodyReader {
    private static final int RANDOM_BYTES = 32;
    private static final int MAX_SESSION_ID_BYTES = 32;

    private ClientHelloBodyReader() {
    }

    static ClientHello read(int recordVersion, byte[] message) {
        FieldReader body = new FieldReader(message, HandshakeReassembler.MESSAGE_HEADER_BYTES, message.length, "the ClientHello");
        int legacyVersion = body.u16("legacy_version");
        body.skip("random", RANDOM_BYTES);
        FieldReader sessionId = body.vector("legacy_session_id", 1);
        if (sessionId.remaining() > MAX_SESSION_ID_BYTES) {
            throw new MalformedClientHelloException(String.format(
                    "legacy_session_id at offset %d: %d bytes, over %d", sessionId.position() - 1,
                    sessionId.remaining(), MAX_SESSION_ID_BYTES));
        }
        FieldReader suiteList = body.vector("cipher_suites", 2);
        suiteList.requireNonEmpty();
        List<Integer> cipherSuites = suiteList.u16List();
        FieldReader compressionList = body.vector("legacy_compression_methods", 1);
        compressionList.requireNonEmpty();
        List<Integer> compressionMethods = compressionList.u8List();
        // Before TLS 1.3 a ClientHello may end here, without an extensions block.
        OfferedExtensions extensions = body.hasRemaining()
                ? OfferedExtensions.read(body.onlyVector("extensions", 2))
                : OfferedExtensions.NONE;
        return new ClientHello(recordVersion, legacyVersion, extensions.supportedVersions(), cipherSuites,
                compressionMethods, extensions.types(), extensions.serverName(), extensions.alpn(),
                extensions.supportedGroups(), extensions.signatureAlgorithms(), extensions.signatureAlgorithmsCert(),
                extensions.keyShareGroups());
    }
}

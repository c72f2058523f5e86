package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.tls.PreLoginTlsFraming;
import dev.tdsmock.wire.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TLS handshake inside PRELOGIN packets (TDS 7.x): the captured ClientHellos so framed, mutated; and unframed. */
@Timeout(120)
class TlsFramingFuzzTest {
    @Test
    void mutatedFramingIsReadOrRefused() {
        assertTrue(Fuzz.mutants(Targets.TLS_FRAMING, Seeds.tlsInPreLogin()) > Fuzz.tries());
    }

    /** Whatever the packet sizes and however the bytes arrive, the TLS bytes come out as the client framed them. */
    @Test
    void framedHandshakesComeOutAsSent() {
        List<byte[]> hellos = Seeds.clientHellos();
        record Framed(byte[] tls, int packetPayload, int piece) {
            @Override
            public String toString() {
                return tls.length + " bytes in packets of " + packetPayload + ", sent " + piece + " at a time";
            }
        }
        Fuzz.forAll("TLS unframed", random -> new Framed(hellos.get(random.nextInt(hellos.size())),
                1 + random.nextInt(4088), 1 + random.nextInt(700)), framed -> {
                    byte[] stream = Seeds.split(PacketType.PRELOGIN, framed.tls(), framed.packetPayload());
                    EmbeddedChannel channel = new EmbeddedChannel(new PreLoginTlsFraming());
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try {
                        for (int at = 0; at < stream.length; at += framed.piece()) {
                            channel.writeInbound(Unpooled.wrappedBuffer(stream, at,
                                    Math.min(framed.piece(), stream.length - at)));
                            ByteBuf tls;
                            while ((tls = channel.readInbound()) != null) {
                                byte[] bytes = new byte[tls.readableBytes()];
                                tls.readBytes(bytes);
                                tls.release();
                                out.writeBytes(bytes);
                            }
                        }
                    } finally {
                        Targets.releaseAll(channel);
                    }
                    assertArrayEquals(framed.tls(), out.toByteArray());
                });
    }
}

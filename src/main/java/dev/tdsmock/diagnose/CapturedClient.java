package dev.tdsmock.diagnose;

import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.ClientHelloParser;
import dev.tdsmock.wire.Login7;
import dev.tdsmock.wire.Login7Parser;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.PreLogin;
import dev.tdsmock.wire.PreLoginCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * A client's fingerprint read from what it sent on one connection, as a capture holds it: a PRELOGIN, then the
 * ClientHello inside PRELOGIN packets (TDS 7.x, MS-TDS 2.2.6.5) or a LOGIN7 in the clear; or a ClientHello first on
 * the socket (TDS 8.0 strict). A LOGIN7 sent inside TLS stays unread: its names are then unknown.
 */
public final class CapturedClient {
    private static final int TLS_HANDSHAKE = 0x16;

    private CapturedClient() {
    }

    /** Empty when the bytes start as no TDS or TLS client would. */
    public static Optional<ClientFingerprint> of(byte[] sent) {
        ByteBuf in = Unpooled.wrappedBuffer(sent);
        if (!in.isReadable()) {
            return Optional.empty();
        }
        int first = in.getUnsignedByte(0);
        if (first == TLS_HANDSHAKE) {
            return ClientHelloParser.tryParse(in).map(hello -> ClientFingerprint.of(null, hello, null));
        }
        PreLogin preLogin = null;
        if (first == PacketType.PRELOGIN) {
            ByteBuf message = message(in, PacketType.PRELOGIN);
            if (message == null) {
                return Optional.empty();
            }
            preLogin = PreLoginCodec.decode(message);
        }
        ClientHello hello = null;
        Login7 login = null;
        if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) == PacketType.PRELOGIN) {
            ByteBuf tls = Unpooled.buffer();
            while (in.readableBytes() >= PacketHeader.SIZE
                    && in.getUnsignedByte(in.readerIndex()) == PacketType.PRELOGIN) {
                int length = in.getUnsignedShort(in.readerIndex() + 2);
                if (length < PacketHeader.SIZE || in.readableBytes() < length) {
                    break;
                }
                in.skipBytes(PacketHeader.SIZE);
                tls.writeBytes(in, length - PacketHeader.SIZE);
            }
            hello = ClientHelloParser.tryParse(tls).orElse(null);
        } else if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) == PacketType.LOGIN7) {
            ByteBuf message = message(in, PacketType.LOGIN7);
            login = message == null ? null : Login7Parser.parse(message);
        }
        return Optional.of(ClientFingerprint.of(preLogin, hello, login));
    }

    /** One whole TDS message of this packet type (its packets' payloads up to EOM), or null when cut short. */
    private static ByteBuf message(ByteBuf in, int type) {
        ByteBuf payload = Unpooled.buffer();
        while (in.readableBytes() >= PacketHeader.SIZE && in.getUnsignedByte(in.readerIndex()) == type) {
            int status = in.getUnsignedByte(in.readerIndex() + 1);
            int length = in.getUnsignedShort(in.readerIndex() + 2);
            if (length < PacketHeader.SIZE || in.readableBytes() < length) {
                return null;
            }
            in.skipBytes(PacketHeader.SIZE);
            payload.writeBytes(in, length - PacketHeader.SIZE);
            if ((status & PacketHeader.STATUS_EOM) != 0) {
                return payload;
            }
        }
        return null;
    }
}

package dev.tdsmock.tls.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BouncyCastleTlsHandler} in an EmbeddedChannel, between a handler that counts flushes on the socket
 * side and one after it that records the events, exceptions and data it passes on. Buffers come from a
 * {@link TrackingAllocator}.
 */
final class ServerUnderTest {
    final TrackingAllocator allocator = new TrackingAllocator();
    final EmbeddedChannel channel = new EmbeddedChannel();
    final BouncyCastleTlsHandler tls;
    final List<Object> eventsAfterTls = new ArrayList<>();
    final List<Throwable> exceptionsAfterTls = new ArrayList<>();
    final ByteArrayOutputStream dataAfterTls = new ByteArrayOutputStream();
    private int flushes;
    private int outboundMessages;

    ServerUnderTest(BcTlsSettings settings) {
        channel.config().setAllocator(allocator);
        tls = new BouncyCastleTlsHandler(settings);
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
            }
        });
        channel.pipeline().addLast(tls);
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                eventsAfterTls.add(event);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                exceptionsAfterTls.add(cause);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf data = (ByteBuf) msg;
                dataAfterTls.writeBytes(ByteBufUtil.getBytes(data));
                data.release();
            }
        });
    }

    /** Hands TLS bytes to the server, checking that the handler released them. */
    void offer(byte[] tls) {
        ByteBuf in = Unpooled.wrappedBuffer(tls);
        channel.writeInbound(in);
        assertEquals(0, in.refCnt(), "the handler released the inbound buffer");
    }

    /** Everything the server has written since the last call, the buffers released. */
    byte[] takeWritten() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            outboundMessages++;
            out.writeBytes(ByteBufUtil.getBytes(written));
            written.release();
        }
        return out.toByteArray();
    }

    int flushes() {
        return flushes;
    }

    int outboundMessages() {
        return outboundMessages;
    }

    byte[] takeData() {
        byte[] data = dataAfterTls.toByteArray();
        dataAfterTls.reset();
        return data;
    }

    /** Moves bytes between the client and the server until neither has anything more to say. */
    void converseWith(ClientPeer client) {
        for (int round = 0; round < 50; round++) {
            byte[] toServer = client.takeOutgoing();
            if (toServer.length > 0) {
                offer(toServer);
            }
            byte[] toClient = takeWritten();
            if (toClient.length > 0) {
                client.receive(toClient);
            }
            if (toServer.length == 0 && toClient.length == 0) {
                return;
            }
        }
        fail("the conversation did not settle in 50 rounds");
    }

    /** Releases what is left in the channel; true if every buffer the handler allocated was released too. */
    boolean finishLeakFree() {
        channel.finishAndReleaseAll();
        return allocator.unreleased() == 0;
    }
}

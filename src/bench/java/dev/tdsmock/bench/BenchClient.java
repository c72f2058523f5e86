package dev.tdsmock.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * The load generator's connections, on one Netty event loop: TDS connects (with and without TLS) and bare TLS 1.2
 * handshakes. TLS is OpenSSL's (netty-tcnative BoringSSL), TLS 1.2 only, without session resumption, trusting any
 * certificate; so that both servers of a comparison meet the same client.
 */
final class BenchClient implements AutoCloseable {
    /** A TDS packet: the length is the big-endian USHORT at offset 2 and counts the 8-byte header (MS-TDS 2.2.3.1). */
    private static final int MAX_PACKET = 32_768;

    private final EventLoopGroup group;
    private final SslContext tls;

    BenchClient(int threads) {
        group = new NioEventLoopGroup(threads);
        try {
            tls = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols("TLSv1.2")
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("no OpenSSL client context", e);
        }
    }

    /** A TDS connection as {@link TdsConnect} drives it; the future gets the login's time in nanoseconds. */
    CompletableFuture<Long> tds(int port, boolean withTls, TdsConnect.Ending ending) {
        return tdsOpen(port, withTls, ending).loginTime();
    }

    /** The same, with its channel: for connections kept open. */
    Connect tdsOpen(int port, boolean withTls, TdsConnect.Ending ending) {
        CompletableFuture<Long> loginTime = new CompletableFuture<>();
        ChannelFuture connected = bootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_PACKET, 2, 2, -4, 0),
                        new TdsConnect(withTls ? tls : null, ending, loginTime));
            }
        }).connect(new InetSocketAddress("127.0.0.1", port));
        failWith(connected, loginTime);
        return new Connect(connected.channel(), loginTime);
    }

    /** A connection and the time its login took. */
    record Connect(Channel channel, CompletableFuture<Long> loginTime) {
    }

    /** A TLS 1.2 handshake straight on the socket, then a close; the future gets the handshake's time in ns. */
    CompletableFuture<Long> bareTls(int port) {
        CompletableFuture<Long> handshake = new CompletableFuture<>();
        long start = System.nanoTime();
        ChannelFuture connected = bootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(tls.newHandler(channel.alloc()), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                        if (event instanceof SslHandshakeCompletionEvent done) {
                            if (done.isSuccess()) {
                                long took = System.nanoTime() - start;
                                ctx.close().addListener(closed -> handshake.complete(took));
                            } else {
                                handshake.completeExceptionally(done.cause());
                                ctx.close();
                            }
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        handshake.completeExceptionally(cause);
                        ctx.close();
                    }
                });
            }
        }).connect(new InetSocketAddress("127.0.0.1", port));
        failWith(connected, handshake);
        return handshake;
    }

    private Bootstrap bootstrap(ChannelInitializer<SocketChannel> initializer) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(initializer);
    }

    private static void failWith(ChannelFuture connected, CompletableFuture<?> result) {
        connected.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(done.cause());
            }
        });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

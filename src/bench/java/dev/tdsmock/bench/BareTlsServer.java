package dev.tdsmock.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The second reference: bare TLS 1.2 handshakes on Netty with netty-tcnative's BoringSSL, the same engine, key and
 * threads (one accepting, one I/O thread per core) as tds-mock, and nothing else; the client closes once its
 * handshake is done, as it does with nginx. What tds-mock adds to a handshake is the difference to this one; what the
 * TLS library costs is the difference between this one and nginx.
 */
public final class BareTlsServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private BareTlsServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts it in a JVM of its own (so that its CPU time is its own) and waits until it accepts connections. */
    static BareTlsServer start(Path certs, Path work) throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"), BareTlsServer.class.getName(),
                Integer.toString(port), certs.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("bare-tls-" + port + ".log").toFile()).start();
        ServerProcess.awaitAccepting(process, port, 30, "the bare TLS server did not start; see "
                + work.resolve("bare-tls-" + port + ".log"));
        return new BareTlsServer(process, port);
    }

    int port() {
        return port;
    }

    /** The CPU time its JVM has used so far, in nanoseconds. */
    long cpuNanos() {
        return Processes.cpuNanos(process.toHandle());
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stop(process);
    }

    /** {@code BareTlsServer PORT CERTS}: serves on 127.0.0.1:PORT with CERTS/server.pem until it is killed. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        File certs = new File(args[1]);
        SslContext tls = SslContextBuilder.forServer(new File(certs, "server.pem"), new File(certs, "server.key.pem"))
                .sslProvider(SslProvider.OPENSSL).protocols("TLSv1.2").build();
        EventLoopGroup accept = new NioEventLoopGroup(1);
        EventLoopGroup io = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors());
        Channel server = new ServerBootstrap().group(accept, io).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(tls.newHandler(channel.alloc()));
                    }
                }).bind("127.0.0.1", port).sync().channel();
        server.closeFuture().sync();
    }
}

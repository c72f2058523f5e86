package dev.tdsmock.server;

import dev.tdsmock.capture.TcpCapture;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.tls.KeyLogs;
import dev.tdsmock.tls.ServerTlsEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's capture (capture.directory), first in its pipeline so that it sees the bytes as they go over the
 * wire (TLS still encrypted): {@code <port>-<id>.pcapng}, with the secrets of its TLS handshake inside (a Decryption
 * Secrets Block) and beside it in {@code <port>-<id>.keys} (see {@link ServerTlsEngine#keyLogLines}). The capture ends as the connection did: a reset the server
 * sent is a TCP RST from the server, a close a FIN from the side that closed first.
 */
final class ConnectionCapture extends ChannelDuplexHandler {
    static final String NAME = "capture";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCapture.class);
    private final TcpCapture capture;
    private final Path pcap;
    private final Path keys;
    private boolean failed;
    private boolean serverCloses;
    private boolean serverResets;

    private ConnectionCapture(TcpCapture capture, Path pcap, Path keys) {
        this.capture = capture;
        this.pcap = pcap;
        this.keys = keys;
    }

    /**
     * Starts the capture of a new connection when its scenario asks for one (adding it first in the pipeline);
     * empty otherwise, or when the file cannot be written (logged, and the connection is served without it).
     */
    static Optional<ConnectionCapture> start(Scenario.Capture settings, Channel channel, long id) {
        if (settings.directory().isEmpty()) {
            return Optional.empty();
        }
        InetSocketAddress server = (InetSocketAddress) channel.localAddress();
        InetSocketAddress client = (InetSocketAddress) channel.remoteAddress();
        Path directory = settings.directory().get();
        String name = server.getPort() + "-" + id;
        Path pcap = directory.resolve(name + ".pcapng");
        ConnectionCapture handler;
        try {
            Files.createDirectories(directory);
            handler = new ConnectionCapture(new TcpCapture(new BufferedOutputStream(Files.newOutputStream(pcap)),
                    client, server), pcap, directory.resolve(name + ".keys"));
        } catch (IOException e) {
            LOG.warn("cannot write the capture {}: {}; the connection is served without one", pcap, e.toString());
            return Optional.empty();
        }
        channel.pipeline().addFirst(NAME, handler);
        return Optional.of(handler);
    }

    Path pcap() {
        return pcap;
    }

    /** A TLS handshake starts: its segments wait for its secrets ({@link #keys}). */
    void holdForSecrets() {
        record(TcpCapture::holdForSecrets);
    }

    /**
     * The handshake has ended, finished or not: its secrets (when the engine hands them out) go into the capture,
     * ahead of the handshake's segments, and beside it in the key log file.
     */
    void keys(ServerTlsEngine engine) {
        java.util.List<String> lines = engine.keyLogLines();
        record(capture -> capture.secrets(lines));
        if (lines.isEmpty()) {
            return;
        }
        try {
            KeyLogs.append(keys, lines);
        } catch (IOException e) {
            LOG.warn("cannot write the TLS key log {}: {}", keys, e.toString());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        record(TcpCapture::opened);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            byte[] data = ByteBufUtil.getBytes(bytes);
            record(capture -> capture.fromClient(data));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            byte[] data = ByteBufUtil.getBytes(bytes);
            record(capture -> capture.fromServer(data));
        }
        ctx.write(msg, promise);
    }

    /** The server shut its sending down (a half-close fault): its FIN, while the client may go on. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof io.netty.channel.socket.ChannelOutputShutdownEvent) {
            record(capture -> capture.halfClosedBy(false));
        } else if (event instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            record(capture -> capture.halfClosedBy(true));
        }
        ctx.fireUserEventTriggered(event);
    }

    /**
     * The server closes the connection: with SO_LINGER 0 (a reset) or not. Every close the server makes passes here,
     * first in the pipeline, on its way to the socket.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!serverCloses && ctx.channel().isActive()) {
            serverCloses = true;
            serverResets = Integer.valueOf(0).equals(ctx.channel().config().getOption(ChannelOption.SO_LINGER));
        }
        ctx.close(promise);
    }

    /**
     * Ends the capture as the connection ended: the server's RST or FIN when it closed, else the client's (its RST
     * when the journal says the client reset the connection).
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Ending ending = Connection.of(ctx.channel()).record().ending();
        boolean clientReset = !serverCloses && ending != null && ending.kind() == Ending.Kind.RST
                && ending.by() == Ending.Side.CLIENT;
        record(capture -> {
            if (serverCloses) {
                if (serverResets) {
                    capture.resetBy(false);
                } else {
                    capture.closedBy(false);
                }
            } else if (clientReset) {
                capture.resetBy(true);
            } else {
                capture.closedBy(true);
            }
        });
        try {
            capture.close();
        } catch (IOException e) {
            LOG.warn("cannot finish the capture {}: {}", pcap, e.toString());
        }
        ctx.fireChannelInactive();
    }

    private interface Step {
        void write(TcpCapture capture) throws IOException;
    }

    /** A write that fails stops the capture, logged once; the connection goes on. */
    private void record(Step step) {
        if (failed) {
            return;
        }
        try {
            step.write(capture);
        } catch (IOException e) {
            failed = true;
            LOG.warn("cannot write the capture {}: {}; it stops here", pcap, e.toString());
        }
    }
}

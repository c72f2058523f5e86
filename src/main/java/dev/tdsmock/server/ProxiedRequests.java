package dev.tdsmock.server;

import dev.tdsmock.faults.Step;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.proxy.ResponseTokens;
import dev.tdsmock.proxy.UpstreamLeg;
import dev.tdsmock.sql.SqlResponder;
import dev.tdsmock.sql.StatementSplitter;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.RpcRequest;
import dev.tdsmock.wire.RpcRequestParser;
import dev.tdsmock.wire.SqlBatch;
import dev.tdsmock.wire.TdsMessage;
import dev.tdsmock.wire.TokenStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.List;
import java.util.function.Consumer;

/**
 * After a login through the upstream: each request runs the request step's faults, then goes to the upstream, and
 * its answer comes back packet by packet as the upstream sends it. An answer a fault cuts after some rows, or breaks,
 * is gathered whole first and cut where its token stream's rows say ({@link ResponseTokens#cutAfterRows}).
 * ATTENTION goes on to the upstream, whose acknowledgement comes back the same way, unless it cancels a request a
 * fault holds here (that one is acknowledged here: the upstream never saw the request).
 */
final class ProxiedRequests extends SimpleChannelInboundHandler<TdsMessage> implements UpstreamLeg.Relay {
    private final UpstreamLeg leg;
    private ChannelHandlerContext ctx;
    /** The answer being relayed; null between answers. */
    private Pending pending;
    /** The streamed answer so far (slices of its packets, no copy), read for ERROR tokens at its end; null past the bound. */
    private CompositeByteBuf watched;
    private boolean watchSkipped;
    /** The journal index of the first statement of the batch being answered, or null (an RPC, past the journal's cap). */
    private Integer firstStatement;
    /** Answers longer than this are relayed without journalling their errors. */
    private static final int WATCH_LIMIT = 1 << 20;

    /** One request's answer on its way: {@code rows} -1 to relay it as it comes, else where a fault cuts it. */
    private static final class Pending {
        final ChannelPromise relayed;
        final int rows;
        final Consumer<TokenStream> after;
        final boolean gather;
        CompositeByteBuf gathered;

        Pending(ChannelPromise relayed, int rows, Consumer<TokenStream> after, boolean gather) {
            this.relayed = relayed;
            this.rows = rows;
            this.after = after;
            this.gather = gather;
        }
    }

    ProxiedRequests(UpstreamLeg leg) {
        this.leg = leg;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        leg.relayTo(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null && pending.gathered != null) {
            pending.gathered.release();
            pending.gathered = null;
        }
        releaseWatched();
    }

    private void releaseWatched() {
        if (watched != null) {
            watched.release();
            watched = null;
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TdsMessage message) {
        Connection connection = Connection.of(ctx.channel());
        if (message.type() == PacketType.ATTENTION) {
            boolean cancelled = Steps.cancelHeldRequest(ctx.channel());
            if (cancelled) {
                Steps.run(ctx.channel(), Step.ATTENTION, () -> RequestHandler.acknowledge(ctx, connection, true));
            } else {
                TdsMessage attention = (TdsMessage) message.retainedDuplicate();
                Steps.run(ctx.channel(), Step.ATTENTION, new Steps.Answer() {
                    @Override
                    public ChannelFuture answer() {
                        return leg.send(attention);
                    }

                    @Override
                    public void abandon() {
                        attention.release();
                    }
                });
            }
            return;
        }
        connection.enter(ConnectionState.CLIENT_REQUEST_EXECUTION);
        firstStatement = journal(connection, message);
        TdsMessage request = (TdsMessage) message.retainedDuplicate();
        Steps.run(ctx.channel(), Step.REQUEST, new Steps.Answer() {
            @Override
            public ChannelFuture answer() {
                return forward(request, -1, null);
            }

            @Override
            public ChannelFuture cut(int rows, Consumer<TokenStream> after) {
                return forward(request, rows, after);
            }

            @Override
            public void abandon() {
                request.release();
            }
        });
    }

    private ChannelFuture forward(TdsMessage request, int rows, Consumer<TokenStream> after) {
        ChannelPromise relayed = ctx.newPromise();
        pending = new Pending(relayed, rows, after, rows >= 0 || MalformedAnswer.breaksNextMessage(ctx.pipeline()));
        pauseClientWait(true);
        leg.requestRelayed();
        leg.send(request);
        return relayed;
    }

    @Override
    public void packet(ByteBuf packet, boolean endOfMessage) {
        Pending answer = pending;
        if (answer == null || !answer.gather) {
            watch(packet, endOfMessage);
            ChannelFuture written = ctx.writeAndFlush(packet);
            if (!ctx.channel().isWritable()) {
                leg.readUpstream(false);
            }
            if (endOfMessage && answer != null) {
                answered();
                written.addListener(done -> answer.relayed.trySuccess());
            }
            return;
        }
        if (answer.gathered == null) {
            answer.gathered = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        }
        answer.gathered.addComponent(true, packet.retainedSlice(PacketHeader.SIZE,
                packet.readableBytes() - PacketHeader.SIZE));
        packet.release();
        if (endOfMessage) {
            ByteBuf whole = answer.gathered;
            answer.gathered = null;
            journalErrors(whole);
            answered();
            writeGathered(answer, whole).addListener(done -> answer.relayed.trySuccess());
        }
    }

    /** Keeps a slice of a streamed packet until its message ends, then journals the message's ERROR tokens. */
    private void watch(ByteBuf packet, boolean endOfMessage) {
        if (!watchSkipped) {
            if (watched == null) {
                watched = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            }
            watched.addComponent(true, packet.retainedSlice(PacketHeader.SIZE,
                    packet.readableBytes() - PacketHeader.SIZE));
            if (watched.readableBytes() > WATCH_LIMIT) {
                releaseWatched();
                watchSkipped = true;
            }
        }
        if (endOfMessage) {
            if (watched != null) {
                journalErrors(watched);
                releaseWatched();
            }
            watchSkipped = false;
        }
    }

    /**
     * The upstream's ERROR tokens in a whole answer, into the journal (step request), each with the index of the
     * batch statement it answered: the statements before it ended with a DONE each (MS-TDS 2.2.7.6).
     */
    private void journalErrors(ByteBuf answer) {
        Connection connection = Connection.of(ctx.channel());
        Integer first = firstStatement;
        int lastStatement = connection.record().statements().size() - 1;
        try {
            ResponseTokens.walk(answer, connection.tdsVersion(), new ResponseTokens.Listener() {
                private int statementsDone;

                @Override
                public void done(int token, int status, int currentCommand, long rowCount, int endOffset) {
                    if (token == TokenStream.DONE) {
                        statementsDone++;
                    }
                }

                @Override
                public void message(boolean error, int number, int state, int severity, String text,
                                    String serverName, String procName, long lineNumber) {
                    if (error) {
                        Integer statement = first == null || first + statementsDone > lastStatement ? null
                                : first + statementsDone;
                        connection.record().errorAnswered("request", statement, number, severity, state, text);
                    }
                }
            });
        } catch (MalformedTdsException e) {
            Logs.CONNECTION.debug("{} the upstream's answer cannot be read for its errors: {}", connection.tag(),
                    e.getMessage());
        }
    }

    /** The gathered answer, cut where the fault says, or whole for a fault that breaks it on its way out. */
    private ChannelFuture writeGathered(Pending answer, ByteBuf whole) {
        Connection connection = Connection.of(ctx.channel());
        if (answer.rows < 0) {
            return ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, whole));
        }
        try {
            whole.writerIndex(ResponseTokens.cutAfterRows(whole, connection.tdsVersion(), answer.rows));
        } catch (MalformedTdsException e) {
            Logs.CONNECTION.warn("{} the upstream's answer cannot be read to count its rows ({}): relayed whole",
                    connection.tag(), e.getMessage());
            return ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, whole));
        }
        if (answer.after == null) {
            return ctx.writeAndFlush(TdsMessage.unfinished(PacketType.TABULAR_RESULT, whole));
        }
        ByteBuf copy = ctx.alloc().buffer(whole.readableBytes() + 256).writeBytes(whole);
        whole.release();
        answer.after.accept(new TokenStream(copy, connection.tdsVersion()));
        return ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, copy));
    }

    /** The answer's last packet came: the client may send again. */
    private void answered() {
        pending = null;
        pauseClientWait(false);
        Connection.of(ctx.channel()).enter(ConnectionState.LOGGED_IN);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        leg.readUpstream(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void ended(boolean reset, String reason) {
        if (ctx.channel().isOpen()) {
            Closing.now(ctx.channel(), Ending.byServer(reset ? Ending.Kind.RST : Ending.Kind.FIN, reason));
        }
    }

    private void pauseClientWait(boolean pause) {
        ClientWait wait = ctx.pipeline().get(ClientWait.class);
        if (wait != null) {
            if (pause) {
                wait.pause();
            } else {
                wait.resume();
            }
        }
    }

    /**
     * What the journal keeps of a request, as the listener would keep it answering itself: each statement of a batch,
     * the SQL of sp_executesql and sp_prepexec, {@code EXEC name} for other calls; transaction manager requests are
     * not statements. --verbose logs each.
     */
    private static Integer journal(Connection connection, TdsMessage message) {
        int chars = connection.scenario().limits().journalStatementChars();
        try {
            switch (message.type()) {
                case PacketType.SQL_BATCH -> {
                    String text = SqlBatch.text(message.payload().duplicate(), connection.tdsVersion());
                    if (Logs.CONNECTION.isDebugEnabled()) {
                        Logs.CONNECTION.debug("{} SQLBatch to the upstream: {}", connection.tag(),
                                SqlResponder.forLog(text));
                    }
                    Integer first = null;
                    for (String statement : StatementSplitter.split(text)) {
                        int index = connection.record().statement(statement, chars);
                        if (first == null && index >= 0) {
                            first = index;
                        }
                    }
                    return first;
                }
                case PacketType.RPC -> {
                    for (RpcRequest call : RpcRequestParser.parse(message.payload().duplicate(),
                            connection.tdsVersion())) {
                        String described = described(call);
                        Logs.CONNECTION.debug("{} RPC to the upstream: {}", connection.tag(), described);
                        List<String> statements = described.startsWith("EXEC ") ? List.of(described)
                                : StatementSplitter.split(described);
                        statements.forEach(statement -> connection.record().statement(statement, chars));
                    }
                    return null;
                }
                default -> {
                    Logs.CONNECTION.debug("{} {} to the upstream", connection.tag(), PacketType.name(message.type()));
                    return null;
                }
            }
        } catch (RuntimeException e) {
            // the upstream judges the request; the journal keeps what could be read of it
            connection.record().statement(PacketType.name(message.type()) + " message that tds-mock cannot read: "
                    + e.getMessage(), chars);
            return null;
        }
    }

    private static String described(RpcRequest call) {
        int sqlAt = call.procId() == RpcRequest.SP_EXECUTESQL ? 0 : call.procId() == RpcRequest.SP_PREPEXEC ? 2 : -1;
        if (sqlAt >= 0 && call.parameters().size() > sqlAt && call.parameters().get(sqlAt).value() instanceof String sql) {
            return sql;
        }
        return "EXEC " + call.name();
    }
}

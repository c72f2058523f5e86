package dev.tdsmock.server;

import dev.tdsmock.faults.Step;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.sql.Answer;
import dev.tdsmock.sql.ErrorReplies;
import dev.tdsmock.sql.Session;
import dev.tdsmock.sql.SqlResponder;
import dev.tdsmock.sql.StatementSplitter;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.RpcRequest;
import dev.tdsmock.wire.RpcRequestParser;
import dev.tdsmock.wire.SqlBatch;
import dev.tdsmock.wire.TdsMessage;
import dev.tdsmock.wire.TokenStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** After login: answers SQL batches, RPCs and attentions. */
final class RequestHandler extends SimpleChannelInboundHandler<TdsMessage> {
    private Session session;
    private ProcedureCalls procedures;
    private final TransactionRequests transactions = new TransactionRequests();

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Connection connection = Connection.of(ctx.channel());
        Scenario scenario = connection.scenario();
        session = new Session(connection.spid(), connection.record().login().userName(), connection.database(),
                scenario.login().language(), scenario.login().serverName(), scenario.prelogin().version().toString());
        procedures = new ProcedureCalls(connection, this::answerStatements);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TdsMessage message) {
        Connection connection = Connection.of(ctx.channel());
        if (message.type() == PacketType.ATTENTION) {
            // Out of band (MS-TDS 3.3.5.9): it cancels a request whose answer a fault holds; its acknowledgement is
            // the attention step's answer.
            boolean cancelled = Steps.cancelHeldRequest(ctx.channel());
            Steps.run(ctx.channel(), Step.ATTENTION, () -> acknowledge(ctx, connection, cancelled));
            return;
        }
        connection.enter(ConnectionState.CLIENT_REQUEST_EXECUTION);
        TdsMessage request = (TdsMessage) message.retainedDuplicate();
        Steps.run(ctx.channel(), Step.REQUEST, new Steps.Answer() {
            @Override
            public ChannelFuture answer() {
                try {
                    return RequestHandler.this.answer(ctx, connection, request);
                } finally {
                    request.release();
                }
            }

            @Override
            public ChannelFuture cut(int rows, Consumer<TokenStream> after) {
                try {
                    return RequestHandler.this.cut(ctx, connection, request, rows, after);
                } finally {
                    request.release();
                }
            }

            @Override
            public void abandon() {
                request.release();
            }
        });
    }

    /** ATTENTION's acknowledgement (DONE with DONE_ATTN), after the end of the request it cancelled if any. */
    static ChannelFuture acknowledge(ChannelHandlerContext ctx, Connection connection, boolean cancelled) {
        Logs.CONNECTION.debug("{} ATTENTION: {}acknowledged", connection.tag(),
                cancelled ? "the held request cancelled, " : "");
        if (cancelled) {
            // the cancelled request's response ends, then the acknowledgement comes as a message of its own
            ByteBuf ended = ctx.alloc().buffer(16);
            new TokenStream(ended, connection.tdsVersion()).done(TokenStream.DONE_FINAL, 0, 0);
            ctx.write(new TdsMessage(PacketType.TABULAR_RESULT, ended));
        }
        ByteBuf payload = ctx.alloc().buffer(16);
        new TokenStream(payload, connection.tdsVersion()).done(TokenStream.DONE_ATTN, 0, 0);
        ChannelFuture acknowledged = ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, payload));
        connection.enter(ConnectionState.LOGGED_IN);
        return acknowledged;
    }

    private ChannelFuture answer(ChannelHandlerContext ctx, Connection connection, TdsMessage message) {
        ByteBuf payload = ctx.alloc().buffer(256);
        AnswerWriter writer = new AnswerWriter(new TokenStream(payload, connection.tdsVersion()), session.serverName());
        build(connection, message, payload, writer);
        writer.journalErrors(connection.record(), payload.writerIndex());
        ChannelFuture answered = ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, payload));
        connection.enter(ConnectionState.LOGGED_IN);
        return answered;
    }

    /**
     * The answer up to where {@link AnswerWriter#cutAt} says, then what {@code after} writes; without
     * {@code after} the message stays unfinished, as when a server dies while it streams rows.
     */
    private ChannelFuture cut(ChannelHandlerContext ctx, Connection connection, TdsMessage message, int rows,
                              Consumer<TokenStream> after) {
        ByteBuf payload = ctx.alloc().buffer(256);
        AnswerWriter writer = new AnswerWriter(new TokenStream(payload, connection.tdsVersion()), session.serverName(),
                rows);
        build(connection, message, payload, writer);
        payload.writerIndex(writer.cutAt());
        writer.journalErrors(connection.record(), payload.writerIndex());
        if (after == null) {
            return ctx.writeAndFlush(TdsMessage.unfinished(PacketType.TABULAR_RESULT, payload));
        }
        try {
            after.accept(new TokenStream(payload, connection.tdsVersion()));
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        }
        ChannelFuture answered = ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, payload));
        connection.enter(ConnectionState.LOGGED_IN);
        return answered;
    }

    /**
     * Writes the answer to one request. Only a malformed message (MalformedTdsException) escapes, and ends the
     * connection; anything else that goes wrong while answering becomes an ERROR token and a DONE with DONE_ERROR
     * in place of the answer, and the session goes on, as SQL Server's does.
     */
    private void build(Connection connection, TdsMessage message, ByteBuf payload, AnswerWriter writer) {
        try {
            TokenStream tokens = writer.tokens();
            if (message.resetConnection()) {
                tokens.envChangeBytes(TokenStream.ENV_RESET_ACK, new byte[0], new byte[0]);
            }
            int mark = writer.mark();
            try {
                switch (message.type()) {
                    case PacketType.SQL_BATCH -> batch(connection, message.payload(), tokens, writer);
                    case PacketType.RPC -> rpc(connection, message.payload(), tokens, writer);
                    case PacketType.TRANSACTION_MANAGER -> transactions.answer(connection, message.payload(), tokens);
                    default -> throw new MalformedTdsException("a " + PacketType.name(message.type())
                            + " message is not valid after login");
                }
            } catch (MalformedTdsException e) {
                throw e;
            } catch (RuntimeException e) {
                Logs.CONNECTION.warn("{} could not answer a {} message: answered with an error instead",
                        connection.tag(), PacketType.name(message.type()), e);
                writer.failFrom(mark, ErrorReplies.unanswerable(e), message.type() == PacketType.RPC, false);
            }
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        }
    }

    private void batch(Connection connection, ByteBuf payload, TokenStream tokens, AnswerWriter writer) {
        String text = SqlBatch.text(payload, connection.tdsVersion());
        if (Logs.CONNECTION.isDebugEnabled()) {
            Logs.CONNECTION.debug("{} SQLBatch: {}", connection.tag(), SqlResponder.forLog(text));
        }
        if (!answerStatements(connection, text, Map.of(), writer, false)) {
            tokens.done(TokenStream.DONE_FINAL, 0, 0);
        }
    }

    private void rpc(Connection connection, ByteBuf payload, TokenStream tokens, AnswerWriter writer) {
        List<RpcRequest> calls = RpcRequestParser.parse(payload, connection.tdsVersion());
        for (int i = 0; i < calls.size(); i++) {
            boolean more = i < calls.size() - 1;
            int mark = writer.mark();
            try {
                procedures.call(calls.get(i), tokens, writer, more);
            } catch (MalformedTdsException e) {
                throw e;
            } catch (RuntimeException e) {
                Logs.CONNECTION.warn("{} could not answer the call of {}: answered with an error instead",
                        connection.tag(), calls.get(i).name(), e);
                writer.failFrom(mark, ErrorReplies.unanswerable(e), true, more);
            }
        }
    }

    /**
     * Answers every statement in {@code text}, each followed by its DONE; the last one's DONE closes the
     * response unless {@code inProc}. Returns false when there was no statement at all.
     */
    private boolean answerStatements(Connection connection, String text,
                                     Map<String, dev.tdsmock.wire.types.RpcParameter> parameters,
                                     AnswerWriter writer, boolean inProc) {
        List<String> statements = StatementSplitter.split(text);
        SqlResponder responder = connection.runtime().responder();
        for (int i = 0; i < statements.size(); i++) {
            String statement = statements.get(i);
            int index = connection.record().statement(statement, connection.scenario().limits().journalStatementChars());
            writer.answering(index < 0 ? null : index);
            boolean more = inProc || i < statements.size() - 1;
            Answer answer = answerOne(connection, responder, statement, parameters);
            try {
                writer.write(answer, more, inProc);
            } catch (MalformedTdsException e) {
                throw e;
            } catch (RuntimeException e) {
                Logs.CONNECTION.warn("{} the answer to '{}' cannot be sent: {}; answered with an error instead",
                        connection.tag(), SqlResponder.forLog(statement), e.getMessage());
                writer.write(new Answer.Failure(ErrorReplies.unanswerable(e)), more, inProc);
            }
        }
        writer.answering(null);
        return !statements.isEmpty();
    }

    /** The statement's answer; an error in place of one that could not be worked out. */
    private Answer answerOne(Connection connection, SqlResponder responder, String statement,
                             Map<String, dev.tdsmock.wire.types.RpcParameter> parameters) {
        Answer answer;
        try {
            answer = responder.answer(statement, parameters, session);
        } catch (MalformedTdsException e) {
            throw e;
        } catch (RuntimeException e) {
            Logs.CONNECTION.warn("{} could not answer '{}': answered with an error instead", connection.tag(),
                    SqlResponder.forLog(statement), e);
            return new Answer.Failure(ErrorReplies.unanswerable(e));
        }
        if (answer instanceof Answer.Unknown) {
            connection.record().noAnswer();
            if (Logs.CONNECTION.isDebugEnabled()) {
                Logs.CONNECTION.debug("{} no answer for '{}': empty result (script one in the scenario's sql.answers)",
                        connection.tag(), SqlResponder.forLog(statement));
            }
        } else if (answer instanceof Answer.Failure failure && Logs.CONNECTION.isDebugEnabled()) {
            Logs.CONNECTION.debug("{} answered '{}' with error {}: {}", connection.tag(), SqlResponder.forLog(statement),
                    failure.error().number(), failure.error().message());
        }
        return answer;
    }
}

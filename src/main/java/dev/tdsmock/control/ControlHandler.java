package dev.tdsmock.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.typesafe.config.ConfigException;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.scenario.ScenarioException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks the token, hands the request to the routes, and turns their answer or failure into HTTP. */
final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);
    private final ControlRoutes routes;
    private final RequestGuard guard;
    private final Optional<String> token;

    ControlHandler(ControlRoutes routes, RequestGuard guard, Optional<String> token) {
        this.routes = routes;
        this.guard = guard;
        this.token = token;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String call = request.method() + " " + request.uri();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        CompletableFuture<ControlRoutes.Reply> reply;
        try {
            reply = answer(request);
        } catch (JsonProcessingException | RuntimeException e) {
            reply = done(failure(call, e));
        }
        reply.whenComplete((answer, failure) -> ctx.executor().execute(() -> {
            ControlRoutes.Reply sent = failure == null ? answer : failure(call, failure);
            if (sent.status().code() < 500) {
                LOG.info("control API: {} -> {}", call, sent.status().code());
            }
            respond(ctx, keepAlive, sent);
        }));
    }

    /** In order: a malformed request, the guard's checks (before any token), the token, then the call. */
    private CompletableFuture<ControlRoutes.Reply> answer(FullHttpRequest request) throws JsonProcessingException {
        if (!request.decoderResult().isSuccess()) {
            return done(ControlRoutes.Reply.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
        }
        Optional<ControlRoutes.Reply> refused = guard.refusal(request);
        if (refused.isPresent()) {
            return done(refused.get());
        }
        if (!ControlRoutes.isOpen(request.uri()) && !authorised(request)) {
            return done(ControlRoutes.Reply.error(HttpResponseStatus.UNAUTHORIZED,
                    "this call needs the header Authorization: Bearer <token>"));
        }
        return routes.handle(request);
    }

    private static CompletableFuture<ControlRoutes.Reply> done(ControlRoutes.Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    /** The answer to a call that threw: 404, 400, or a 500 logged once (with its trace) that names no detail. */
    static ControlRoutes.Reply failure(String call, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof NoSuchElementException) {
            return ControlRoutes.Reply.error(HttpResponseStatus.NOT_FOUND, cause.getMessage());
        }
        if (cause instanceof ScenarioException || cause instanceof IllegalArgumentException
                || cause instanceof ConfigException) {
            return ControlRoutes.Reply.error(HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        }
        if (cause instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException) {
            // JSON, but an array, a string or a number where the call takes an object
            return ControlRoutes.Reply.error(HttpResponseStatus.BAD_REQUEST,
                    "the body must be a JSON object: {\"name\": value, ...}");
        }
        if (cause instanceof JsonProcessingException json) {
            return ControlRoutes.Reply.error(HttpResponseStatus.BAD_REQUEST, "not JSON: " + json.getOriginalMessage());
        }
        LOG.error("control API: {} -> 500", call, cause);
        return ControlRoutes.Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the call failed inside the "
                + "server (" + cause.getClass().getSimpleName() + "); its log says more");
    }

    private boolean authorised(FullHttpRequest request) {
        if (token.isEmpty()) {
            return true;
        }
        String given = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(ChannelHandlerContext ctx, boolean keepAlive, ControlRoutes.Reply reply) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("control API connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    static String json(Object value) {
        try {
            return JournalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

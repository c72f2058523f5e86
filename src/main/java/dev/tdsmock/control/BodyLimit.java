package dev.tdsmock.control;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's aggregator of a request's parts, whose answer to a body over the limit is a 413 with a JSON error
 * like every other refused call (Netty's own is empty), logged like them; the connection is closed after it.
 */
final class BodyLimit extends HttpObjectAggregator {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);

    /** @param maxBytes the largest body, in bytes */
    BodyLimit(int maxBytes) {
        super(maxBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        String message = "the body is larger than " + maxContentLength() + " bytes";
        LOG.info("control API: {} -> 413 {}", oversized instanceof io.netty.handler.codec.http.HttpRequest request
                ? request.method() + " " + request.uri() : "request", message);
        String body = ControlHandler.json(java.util.Map.of("error", message));
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}

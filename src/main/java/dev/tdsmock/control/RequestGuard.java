package dev.tdsmock.control;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a request must be before its token is looked at, so that a web page the developer opens can neither
 * call the API itself (a cross-origin "simple" request) nor through a name of its own that resolves to
 * loopback (DNS rebinding):
 * <ul>
 *   <li>its {@code Host} names a loopback address ({@code localhost}, 127.0.0.0/8, {@code ::1}) or the
 *       configured control host, else 421; any host when the API listens on a wildcard address with a token
 *       (the token is the defence there);</li>
 *   <li>an {@code Origin}, when given, is the API's own ({@code http://} and the Host), else 403;</li>
 *   <li>a call that changes state (POST, PUT, PATCH, and DELETE with a body) says
 *       {@code Content-Type: application/json}, which no page can send without a CORS preflight, else 415.</li>
 * </ul>
 */
final class RequestGuard {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private final String controlHost;
    private final boolean anyHost;

    /**
     * @param controlHost the address the API listens on, as given
     * @param tokenRequired whether calls need a token
     */
    RequestGuard(String controlHost, boolean tokenRequired) {
        this.controlHost = bare(controlHost);
        this.anyHost = tokenRequired && isWildcard(this.controlHost);
    }

    /** The answer refusing the request, or empty when it may go on to the token check. */
    Optional<ControlRoutes.Reply> refusal(FullHttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank()) {
            return refuse(HttpResponseStatus.BAD_REQUEST, "a Host header is needed");
        }
        if (!anyHost && !allowedHost(hostName(host))) {
            return refuse(HttpResponseStatus.MISDIRECTED_REQUEST, "the Host header must name a loopback address or "
                    + controlHost);
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !origin.equalsIgnoreCase("http://" + host.strip())) {
            return refuse(HttpResponseStatus.FORBIDDEN, "requests from other origins are refused");
        }
        if (changesState(request) && !isJson(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
            return refuse(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "this call needs the header Content-Type: application/json");
        }
        return Optional.empty();
    }

    private static Optional<ControlRoutes.Reply> refuse(HttpResponseStatus status, String message) {
        return Optional.of(ControlRoutes.Reply.error(status, message));
    }

    private static boolean changesState(FullHttpRequest request) {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.DELETE)) {
            return request.content().isReadable();
        }
        return !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)
                && !method.equals(HttpMethod.OPTIONS);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return media.equalsIgnoreCase("application/json");
    }

    private boolean allowedHost(String name) {
        if (name.equalsIgnoreCase(controlHost)) {
            return true;
        }
        if (name.equals("localhost") || name.equals("localhost.")) {
            return true;
        }
        boolean literal = IPV4.matcher(name).matches() || name.contains(":");
        if (!literal) {
            return false; // a name other than localhost is never resolved: it may be the attacker's
        }
        try {
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The host of a Host header, lower case, without its port or IPv6 brackets. */
    static String hostName(String header) {
        String host = header.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(1, close);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }

    private static String bare(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    private static boolean isWildcard(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

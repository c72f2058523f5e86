package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP exchange with the control API: the token, {@code Content-Type: application/json} on every call that
 * changes something, a time limit on each call, and a 4xx or 5xx turned into a {@link ControlApiException}.
 */
final class ControlHttp {
    private final HttpClient http;
    private final URI base;
    private final Optional<String> token;
    private final Duration timeout;

    /** An HTTP answer: its status and body. */
    /** An answer: its status and body bytes. */
    record Answer(int status, byte[] bytes) {
        /** The body as text (UTF-8). */
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return Json.parse(body());
        }
    }

    ControlHttp(URI base, Optional<String> token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return base;
    }

    Optional<String> token() {
        return token;
    }

    Duration timeout() {
        return timeout;
    }

    /** GET, answered within the call timeout; its body as JSON. */
    JsonNode get(String path) {
        return send("GET", path, null, timeout, Set.of()).json();
    }

    /** A call that changes something, with a JSON body (or an empty one); its answer as JSON. */
    JsonNode change(String method, String path, String body) {
        return send(method, path, body == null ? "" : body, timeout, Set.of()).json();
    }

    /** DELETE without a body; its answer as JSON. */
    JsonNode delete(String path) {
        return send("DELETE", path, null, timeout, Set.of()).json();
    }

    /**
     * Sends one request and waits at most {@code within} for its answer.
     *
     * @param body null for none; otherwise sent with {@code Content-Type: application/json}, as is also every
     *     POST, PUT and PATCH
     * @param expected statuses of 400 or more that are answers, not failures (408 for the waits)
     * @throws ControlApiException on any other status of 400 or more
     * @throws UncheckedIOException when the API cannot be reached or does not answer within {@code within} (an
     *     {@link HttpTimeoutException} as cause), or the thread is interrupted (an {@link InterruptedIOException}
     *     as cause, the thread's interrupt flag set again)
     */
    Answer send(String method, String path, String body, Duration within, Set<Integer> expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path)).timeout(within)
                .header("Accept", "application/json");
        boolean changes = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        if (body != null || changes) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        String call = method + " " + path;
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new UncheckedIOException(call + ": no answer from " + base + " within " + within.toMillis()
                    + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(call + ": cannot reach the control API at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(call + ": interrupted");
            interrupted.initCause(e);
            throw new UncheckedIOException(interrupted);
        }
        int status = response.statusCode();
        if (status >= 400 && !expected.contains(status)) {
            throw new ControlApiException(call, status, errorText(new String(response.body(), StandardCharsets.UTF_8)));
        }
        return new Answer(status, response.body());
    }

    /** The server's {@code {"error": "..."}}, or the whole body when it is not that shape. */
    static String errorText(String body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (json != null && json.hasNonNull("error")) {
                return json.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: the body as it came
        }
        return body;
    }

    private URI resolve(String path) {
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + path);
    }

    /** A path segment, percent-encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter's value, encoded as a form value (the server reads {@code +} as a space). */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

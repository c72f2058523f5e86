package dev.tdsmock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.TestServers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the control API refuses before it looks at a token: other hosts (DNS rebinding), other origins,
 * state changes without a JSON content type, and requests that take too long to arrive. Raw HTTP over a
 * socket, so that every header is the test's own.
 */
@Timeout(60)
class ControlApiGuardTest {
    private final ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
    private Listeners listeners;
    private ControlApi api;
    private TdsServer healthy;

    @BeforeEach
    void start() {
        listeners = new Listeners(loader);
        healthy = TdsServer.start(loader.load("healthy").withListener("127.0.0.1", 0), TestServers.certificates());
        listeners.add(healthy, "healthy");
        api = ControlApi.start("127.0.0.1", 0, Optional.empty(), listeners, TestServers.certificates(),
                Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        api.close();
        listeners.closeAll();
    }

    /** Sends the request as given (headers joined by CRLF) and returns the whole answer. */
    private String send(String method, String path, String headers, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            String request = method + " " + path + " HTTP/1.1\r\n" + headers
                    + (body == null ? "" : "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
                    + "Connection: close\r\n\r\n" + (body == null ? "" : body);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String host() {
        return "Host: 127.0.0.1:" + api.port() + "\r\n";
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    @Test
    void aPostWithoutJsonContentTypeIsRefusedAndChangesNothing() throws Exception {
        String faults = "/listeners/" + healthy.port() + "/faults";
        String fault = "{\"type\": \"close\", \"at\": \"login\"}";
        String plain = send("POST", faults, host() + "Content-Type: text/plain\r\n", fault);
        assertEquals(415, status(plain), plain);
        assertTrue(plain.contains("Content-Type: application/json"), plain);
        assertEquals(415, status(send("POST", faults, host(), fault)));
        assertEquals(415, status(send("POST", "/listeners/" + healthy.port() + "/accept/pause", host(), null)));
        assertEquals(415, status(send("POST", faults, host() + "Content-Type: application/x-www-form-urlencoded\r\n",
                fault)));
        assertTrue(healthy.faults().all().isEmpty(), "no fault added");
        String json = send("POST", faults, host() + "Content-Type: application/json; charset=utf-8\r\n", fault);
        assertEquals(201, status(json), json);
        assertEquals(1, healthy.faults().all().size());
    }

    @Test
    void aDeleteWithoutABodyNeedsNoContentType() throws Exception {
        assertEquals(200, status(send("DELETE", "/journal", host(), null)));
        assertEquals(415, status(send("DELETE", "/journal", host(), "{}")));
    }

    @Test
    void otherHostsAreRefused() throws Exception {
        String rebound = send("GET", "/listeners", "Host: attacker.example:" + api.port() + "\r\n", null);
        assertEquals(421, status(rebound), rebound);
        assertEquals(400, status(send("GET", "/listeners", "", null)), "no Host");
        assertEquals(200, status(send("GET", "/listeners", "Host: localhost:" + api.port() + "\r\n", null)));
        assertEquals(200, status(send("GET", "/listeners", "Host: [::1]:" + api.port() + "\r\n", null)));
        assertEquals(200, status(send("GET", "/listeners", "Host: 127.0.0.2\r\n", null)));
    }

    @Test
    void otherOriginsAreRefused() throws Exception {
        String faults = "/listeners/" + healthy.port() + "/faults";
        String foreign = send("POST", faults, host() + "Origin: http://evil.example\r\n"
                + "Content-Type: application/json\r\n", "{\"type\": \"close\", \"at\": \"login\"}");
        assertEquals(403, status(foreign), foreign);
        assertEquals(403, status(send("GET", "/journal", host() + "Origin: null\r\n", null)));
        assertTrue(healthy.faults().all().isEmpty(), "no fault added");
        assertEquals(200, status(send("GET", "/journal", host() + "Origin: http://127.0.0.1:" + api.port() + "\r\n",
                null)));
    }

    @Test
    void aRequestThatDoesNotArriveInTimeIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\n" + host()).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> in.read() == -1);
        }
    }

    @Test
    void aKeptAliveConnectionGetsAnswersThenIsClosedWhenIdle() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\n" + host() + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] first = new byte[12];
            assertEquals(12, in.readNBytes(first, 0, 12));
            assertEquals("HTTP/1.1 200", new String(first, StandardCharsets.US_ASCII));
            byte[] rest = new byte[8192];
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> in.read(rest) == -1);
        }
    }

    @Test
    void anEmptyTokenIsRefusedAtStart() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ControlApi.start("127.0.0.1", 0, Optional.of(""), listeners, TestServers.certificates()));
        assertTrue(refused.getMessage().contains("token is empty"), refused.getMessage());
    }
}

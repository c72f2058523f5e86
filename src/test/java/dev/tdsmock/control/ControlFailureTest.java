package dev.tdsmock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.support.LogCapture;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a call that throws is answered with: JSON, no stack trace, a 500 logged once. */
@Timeout(10)
class ControlFailureTest {
    @Test
    void aFailureInsideTheServerIsA500WithoutDetailLoggedOnce() throws Exception {
        try (LogCapture log = new LogCapture(ControlHandler.class.getName())) {
            ControlRoutes.Reply reply = ControlHandler.failure("GET /x",
                    new CompletionException(new IllegalStateException("secret detail")));
            assertEquals(500, reply.status().code());
            JsonNode body = JournalJson.mapper().readTree(reply.body());
            assertEquals("the call failed inside the server (IllegalStateException); its log says more",
                    body.get("error").asText());
            assertFalse(new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8).contains("secret detail"));
            assertEquals(1, log.count("ERROR", "control API: GET /x -> 500"));
            assertEquals(1, log.lines().size());
        }
    }

    @Test
    void badInputIsA400AndAMissingThingA404() throws Exception {
        try (LogCapture log = new LogCapture(ControlHandler.class.getName())) {
            assertEquals(404, ControlHandler.failure("GET /x", new NoSuchElementException("no x")).status().code());
            assertEquals(400, ControlHandler.failure("PATCH /x", new IllegalArgumentException("bad")).status().code());
            Exception badPath = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> ConfigFactory.parseString("a..b = 1"));
            assertEquals(400, ControlHandler.failure("PATCH /x", badPath).status().code());
            ControlRoutes.Reply notJson = ControlHandler.failure("PUT /x",
                    new com.fasterxml.jackson.core.JsonParseException(null, "oops"));
            assertEquals(400, notJson.status().code());
            assertEquals("not JSON: oops", JournalJson.mapper().readTree(notJson.body()).get("error").asText());
            assertEquals(0, log.lines().size(), "4xx answers are logged by the handler's one INFO line, not here");
        }
    }
}

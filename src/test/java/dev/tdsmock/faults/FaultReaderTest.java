package dev.tdsmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.Ending;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults as scenarios and the control API give them: every key read, every mistake named by its key. */
@Timeout(30)
class FaultReaderTest {
    @Test
    void readsEveryCommonKey() {
        FaultDefinition fault = FaultReader.read("{ type = delay, at = login, for = 3s, times = 2, skip = 1,"
                + " probability = 0.5, seed = 7, expires-after = 1m, match { application = \"payments.*\" } }");
        assertEquals("delay", fault.type());
        assertEquals(Step.LOGIN, fault.at());
        Activation activation = fault.activation();
        assertEquals(2, activation.times());
        assertEquals(1, activation.skip());
        assertEquals(0.5, activation.probability());
        assertEquals(7, activation.seed());
        assertEquals(Duration.ofMinutes(1), activation.expiresAfter());
        assertEquals("payments.*", activation.match().expressions().get("application"));
        assertEquals(new Effect.Hold(Duration.ofSeconds(3)), fault.fault().effect(null));
    }

    @Test
    void defaultsAndJson() {
        FaultDefinition fault = FaultReader.read("{\"type\": \"close\", \"at\": \"request\"}");
        assertEquals(new Effect.End(Ending.Kind.RST), fault.fault().effect(null), "rst is the default ending");
        assertNull(fault.activation().times());
        assertEquals(0, fault.activation().skip());
        assertEquals(1.0, fault.activation().probability());
        assertNull(fault.activation().expiresAfter());
        assertEquals(Step.LOGIN, FaultReader.read("{ type = login-error }").at(), "login-error acts at login only");
    }

    @Test
    void everyEnding() {
        assertEquals(new Effect.End(Ending.Kind.FIN), end("fin", "prelogin"));
        assertEquals(new Effect.End(Ending.Kind.ALERT), end("alert", "tls-hello"));
        assertEquals(new Effect.End(Ending.Kind.HALF_CLOSE), end("half-close", "accept"));
        assertEquals(new Effect.End(Ending.Kind.SILENCE), end("silence", "request"));
    }

    @Test
    void afterAnswerSendsTheAnswerFirst() {
        assertEquals(new Effect.EndAfterAnswer(Ending.Kind.FIN), FaultReader.read(
                "{ type = close, at = login, ending = fin, after-answer = true }").fault().effect(null));
        assertEquals(new Effect.EndAfterAnswer(Ending.Kind.RST), FaultReader.read(
                "{ type = close, at = request, after-answer = true }").fault().effect(null), "rst is the default");
        assertEquals(new Effect.End(Ending.Kind.FIN), FaultReader.read(
                "{ type = close, at = login, ending = fin, after-answer = false }").fault().effect(null));
    }

    private static Effect end(String ending, String at) {
        return FaultReader.read("{ type = close, at = " + at + ", ending = " + ending + " }").fault().effect(null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{ at = login }                                            | 'type' is missing",
        "{ type = explode, at = login }                            | no fault type 'explode'",
        "{ type = delay, for = 1s }                                | 'at' is missing",
        "{ type = delay, at = handshake, for = 1s }                | 'at': 'handshake' is not a step",
        "{ type = delay, at = login, fro = 1s }                    | 'fro' is not a key of a delay fault",
        "{ type = delay, at = login }                              | 'for' is missing",
        "{ type = delay, at = login, for = 0s }                    | 'for' must be longer than 0",
        "{ type = delay, at = login, for = abc }                   | 'for' 'abc' is not a duration such as 10s or 500ms",
        "{ type = delay, at = login, for = [1] }                   | 'for' [1] is a list where a text is needed",
        "{ type = close, at = login, ending = alert }              | 'ending' alert is for at = tls-hello",
        "{ type = close, at = login, ending = boom }               | 'ending' 'boom' is none of",
        "{ type = login-error, at = request }                      | a login-error fault acts at login",
        "{ type = close, at = login, probability = 2 }             | 'probability' 2.0 is not between 0 and 1",
        "{ type = close, at = login, times = -1 }                  | 'times' -1 is below 0",
        "{ type = close, at = login, skip = -1 }                   | 'skip' -1 is below 0",
        "{ type = close, at = login, expires-after = 0s }          | 'expires-after' must be longer than 0",
        "{ type = close, at = prelogin, match { user = sa } }      | 'match.user': a fault at prelogin acts before LOGIN7",
        "{ type = close, at = login, match { colour = red } }      | 'match.colour': no such field",
        "{ type = close, at = login, match { user = \"(\" } }      | 'match.user' is not a regular expression",
        "{ type = login-error, class = 3 }                         | 'class' 3 is not an error severity",
        "{ type = login-error, number = 50000 }                    | 'number' 50000 needs a class and a message",
        "{ type = close, at = idle }                               | 'after' is missing",
        "{ type = close, at = login, after = 1s }                  | 'after' is for at = idle",
        "{ type = close, at = request, rows = -1 }                 | 'rows' -1 is below 0",
        "{ type = close, at = login, rows = 2 }                    | 'rows' is for at = request",
        "{ type = close, at = accept, after-answer = true }        | 'after-answer' is for at = prelogin, login, request or attention",
        "{ type = close, at = request, rows = 1, after-answer = true } | 'after-answer' sends the whole answer",
        "{ type = route, to = \"host:0\" }                          | 'to' 'host:0' is not host:port",
        "{ type = route, to = \"a b\" }                             | 'to' 'a b' is neither host:port nor a scenario name",
        "{ type = route, to = \"h:1\", when = sometimes }           | 'when' 'sometimes' is neither",
        "{ type = error-after-rows, rows = 1, number = 1 }         | 'class' is missing",
        "{ type = malformed-answer, at = login, kind = empty-prelogin } | 'kind' empty-prelogin is for at = prelogin",
        "{ type = malformed-answer, at = request, kind = odd }     | 'kind' 'odd' is none of",
    })
    void namesTheKeyThatIsWrong(String fault, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultReader.read(fault));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void aWrongTypeOfValueNamesItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultReader.read("{ type = close, at = login, times = lots }"));
        assertEquals("'times' 'lots' is a text where a number is needed", e.getMessage());
        assertInstanceOf(com.typesafe.config.ConfigException.class, e.getCause());
    }
}

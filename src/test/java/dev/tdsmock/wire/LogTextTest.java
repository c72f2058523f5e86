package dev.tdsmock.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.sql.SqlResponder;
import dev.tdsmock.support.Login7Builder;
import org.junit.jupiter.api.Test;

/** Client-chosen text cannot start a line of its own or send terminal escapes into the log. */
class LogTextTest {
    @Test
    void controlCharactersAreWrittenAsEscapes() {
        assertEquals("qa\\x1B[31mRED\\x0AFAKE LINE\\x00\\x07", LogText.printable("qa\u001b[31mRED\nFAKE LINE\u0000\u0007"));
        assertEquals("plain ж text", LogText.printable("plain ж text"));
        assertNull(LogText.printable(null));
    }

    @Test
    void aLogin7WithALineBreakInItsUserNameStaysOneLine() {
        Login7 login = Login7Parser.parse(io.netty.buffer.Unpooled.wrappedBuffer(
                new Login7Builder().user("qa\u001b[31m\nFAKE LINE").build()));
        String line = login.toString();
        assertFalse(line.contains("\n") || line.contains("\u001b"), line);
        assertTrue(line.contains("user='qa\\x1B[31m\\x0AFAKE LINE'"), line);
    }

    @Test
    void aStatementIsLoggedWithoutItsEscapes() {
        String logged = SqlResponder.forLog("SELECT '\u001b[2J\u001b[31mred'");
        assertFalse(logged.contains("\u001b"), logged);
        assertEquals("SELECT '\\x1B[2J\\x1B[31mred'", logged);
    }
}

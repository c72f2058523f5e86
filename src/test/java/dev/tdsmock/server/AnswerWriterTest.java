package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tdsmock.sql.Answer;
import dev.tdsmock.sql.ErrorReplies;
import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.wire.TokenStream;
import dev.tdsmock.wire.types.Column;
import dev.tdsmock.wire.types.SqlType;
import dev.tdsmock.wire.types.ValueMismatchException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An answer that cannot be encoded leaves nothing behind, and an error takes its place. */
@Timeout(10)
class AnswerWriterTest {
    private static final long TDS_74 = 0x74000004L;
    private static final int ERROR = 0xAA;
    private static final int DONE = 0xFD;

    @Test
    void aValueThatDoesNotFitItsColumnIsTakenBackWhole() {
        ByteBuf buffer = Unpooled.buffer();
        AnswerWriter writer = new AnswerWriter(new TokenStream(buffer, TDS_74), "tds-mock", 1);
        writer.write(new Answer.Done(), true, false);
        int before = buffer.writerIndex();
        int cutBefore = writer.cutAt();
        Answer.Rows rows = new Answer.Rows(List.of(new Column("n", SqlType.parse("tinyint"))),
                List.of(List.of(1), List.of(2), List.of(300)));
        ValueMismatchException e = assertThrows(ValueMismatchException.class, () -> writer.write(rows, false, false));
        assertEquals(before, buffer.writerIndex(), "nothing of the answer stays");
        assertEquals(cutBefore, writer.cutAt(), "nor the place a fault would cut it");

        ErrorReply reply = ErrorReplies.unanswerable(e);
        assertEquals(8115, reply.number());
        assertEquals("Arithmetic overflow error converting expression to data type tinyint.", reply.message());
        writer.write(new Answer.Failure(reply), false, false);
        assertEquals(ERROR, buffer.getUnsignedByte(before));
        assertEquals(DONE, buffer.getUnsignedByte(buffer.writerIndex() - 13));
        assertEquals(TokenStream.DONE_ERROR, buffer.getUnsignedByte(buffer.writerIndex() - 12));
    }

    @Test
    void failFromReplacesEverythingAfterTheMark() {
        ByteBuf buffer = Unpooled.buffer();
        AnswerWriter writer = new AnswerWriter(new TokenStream(buffer, TDS_74), "tds-mock");
        int mark = writer.mark();
        writer.write(new Answer.Rows(List.of(new Column("n", SqlType.parse("int"))), List.of(List.of(1))), true, true);
        writer.failFrom(mark, ErrorReplies.tooManySelectItems(), true, false);
        assertEquals(ERROR, buffer.getUnsignedByte(mark));
        assertEquals(0xFE, buffer.getUnsignedByte(buffer.writerIndex() - 13), "DONEPROC closes a procedure call");
        assertEquals(TokenStream.DONE_ERROR, buffer.getUnsignedByte(buffer.writerIndex() - 12));
    }
}

package dev.tdsmock.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.support.Login7Builder;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class Login7ParserTest {
    @Test
    void decodesEveryFieldAndThePassword() {
        byte[] featureExt = {0x0A, 0, 0, 0, 0, 0x04, 1, 0, 0, 0, 0x01, (byte) 0xFF};
        byte[] message = new Login7Builder().user("app_user").password("Pässword!1").database("orders")
                .featureExt(featureExt).build();
        Login7 login = Login7Parser.parse(Unpooled.wrappedBuffer(message));
        assertEquals(TdsVersion.V7_4, login.tdsVersion());
        assertEquals(8000, login.packetSize());
        assertEquals(1234, login.clientPid());
        assertEquals("host", login.hostName());
        assertEquals("app_user", login.userName());
        assertEquals("Pässword!1", login.password());
        assertEquals("app", login.appName());
        assertEquals("server", login.serverName());
        assertEquals("library", login.clientInterfaceName());
        assertEquals("orders", login.database());
        assertEquals("010203040506", login.clientId());
        assertEquals(2, login.features().size());
        assertEquals(0x0A, login.features().get(0).id());
        assertEquals(0x04, login.features().get(1).id());
        assertArrayEquals(new byte[] {0x01}, login.features().get(1).data());
        assertFalse(login.toString().contains("Pässword"), "the password stays out of logs");
    }

    @Test
    void aFeatureLongerThanTheMessageIsRejected() {
        byte[] featureExt = {0x0A, (byte) 0xFF, (byte) 0xFF, 0, 0, (byte) 0xFF};
        byte[] message = new Login7Builder().featureExt(featureExt).build();
        MalformedTdsException e = assertThrows(MalformedTdsException.class,
                () -> Login7Parser.parse(Unpooled.wrappedBuffer(message)));
        assertTrue(e.getMessage().contains("FeatureExt 0x0A"), e.getMessage());
    }

    @Test
    void aWrongLengthFieldIsRejected() {
        byte[] message = new Login7Builder().build();
        message[0] = 0x10;
        MalformedTdsException e = assertThrows(MalformedTdsException.class,
                () -> Login7Parser.parse(Unpooled.wrappedBuffer(message)));
        assertTrue(e.getMessage().contains("says it is 16 bytes"), e.getMessage());
    }

    @Test
    void aMessageShorterThanTheFixedPartIsRejected() {
        assertThrows(MalformedTdsException.class, () -> Login7Parser.parse(Unpooled.wrappedBuffer(new byte[40])));
    }
}

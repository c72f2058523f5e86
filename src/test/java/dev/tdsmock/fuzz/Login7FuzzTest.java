package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.wire.Login7;
import dev.tdsmock.wire.Login7Parser;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LOGIN7: the captured messages and those rebuilt from the captures, mutated; and any login read back as written. */
@Timeout(120)
class Login7FuzzTest {
    @Test
    void mutatedLoginsParseOrAreRefused() {
        List<byte[]> seeds = Seeds.login7Payloads();
        assertTrue(seeds.size() > 10, "logins of many clients: " + seeds.size());
        assertTrue(Fuzz.mutants(Targets.LOGIN7, seeds, Fuzz::login7Length) > Fuzz.tries());
    }

    /** The seeds rebuilt from the captures say what the captures say. */
    @Test
    void loginsRebuiltFromTheCapturesReadAsCaptured() {
        List<Map<String, String>> captured = Seeds.captureLines("LOGIN7 ");
        assertTrue(captured.size() > 20, "LOGIN7 lines: " + captured.size());
        for (Map<String, String> fields : captured) {
            Login7 login = Login7Parser.parse(Unpooled.wrappedBuffer(Login7Message.fromCapture(fields).encode()));
            assertEquals(Seeds.unquote(fields.get("HostName")), login.hostName(), fields.toString());
            assertEquals(Seeds.unquote(fields.get("UserName")), login.userName(), fields.toString());
            assertEquals(Seeds.unquote(fields.get("AppName")), login.appName(), fields.toString());
            assertEquals(fields.get("tds_ver"), String.format("0x%08X", login.tdsVersion()), fields.toString());
            assertEquals(fields.get("Extension").equals("'present'"), !login.features().isEmpty(), fields.toString());
        }
    }

    @Test
    void anyLoginReadsBackAsWritten() {
        Fuzz.forAll("LOGIN7 round trip", Login7FuzzTest::login, message -> {
            Login7 read = Login7Parser.parse(Unpooled.wrappedBuffer(message.encode()));
            assertEquals(message.tdsVersion, read.tdsVersion());
            assertEquals(message.packetSize, read.packetSize());
            assertEquals(message.clientProgramVersion, read.clientProgramVersion());
            assertEquals(message.clientPid, read.clientPid());
            assertEquals(message.flags1, read.optionFlags1());
            assertEquals(message.flags2, read.optionFlags2());
            assertEquals(message.typeFlags, read.typeFlags());
            assertEquals(message.flags3, read.optionFlags3());
            assertEquals(message.timeZone, read.clientTimeZone());
            assertEquals(message.lcid, read.clientLcid());
            assertEquals(message.host, read.hostName());
            assertEquals(message.user, read.userName());
            assertEquals(message.password, read.password());
            assertEquals(message.app, read.appName());
            assertEquals(message.server, read.serverName());
            assertEquals(message.library, read.clientInterfaceName());
            assertEquals(message.language, read.language());
            assertEquals(message.database, read.database());
            assertEquals(HexFormat.of().formatHex(message.clientId), read.clientId());
            assertEquals(message.attachDbFile, read.attachDbFile());
            assertEquals(message.changePassword, read.changePassword());
            assertEquals(message.featureIds.size(), read.features().size());
            for (int i = 0; i < message.featureIds.size(); i++) {
                assertEquals(message.featureIds.get(i)[0], read.features().get(i).id());
                assertArrayEquals(message.featureData.get(i), read.features().get(i).data());
            }
        });
    }

    private static Login7Message login(Random random) {
        Login7Message login = new Login7Message();
        login.tdsVersion = random.nextInt() & 0xFFFFFFFFL;
        login.packetSize = random.nextInt() & 0xFFFFFFFFL;
        login.clientProgramVersion = random.nextInt() & 0xFFFFFFFFL;
        login.clientPid = random.nextInt() & 0xFFFFFFFFL;
        login.flags1 = random.nextInt(256);
        login.flags2 = random.nextInt(256);
        login.typeFlags = random.nextInt(256);
        login.flags3 = random.nextInt(256) & ~0x10;
        login.timeZone = random.nextInt();
        login.lcid = random.nextInt() & 0xFFFFFFFFL;
        login.host = Texts.any(random, 40);
        login.user = Texts.any(random, 40);
        login.password = Texts.any(random, 40);
        login.app = Texts.any(random, 40);
        login.server = Texts.any(random, 40);
        login.library = Texts.any(random, 40);
        login.language = Texts.any(random, 40);
        login.database = Texts.any(random, 40);
        random.nextBytes(login.clientId);
        login.attachDbFile = Texts.any(random, 20);
        login.changePassword = Texts.any(random, 20);
        for (int i = random.nextInt(4); i > 0; i--) {
            byte[] data = new byte[random.nextInt(20)];
            random.nextBytes(data);
            login.feature(random.nextInt(255), data);
        }
        return login;
    }
}

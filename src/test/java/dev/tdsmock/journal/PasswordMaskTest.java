package dev.tdsmock.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.sql.SqlResponder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class PasswordMaskTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "ALTER LOGIN sa WITH PASSWORD = 'S3cret!'|ALTER LOGIN sa WITH PASSWORD = '******'",
        "alter login sa with password=N'S3cret!' must_change|alter login sa with password='******' must_change",
        "CREATE LOGIN app WITH PASSWORD = 'it''s S3cret', CHECK_POLICY = OFF|CREATE LOGIN app WITH PASSWORD = '******', CHECK_POLICY = OFF",
        "ALTER LOGIN app WITH PASSWORD = 'New1' OLD_PASSWORD = 'Old1'|ALTER LOGIN app WITH PASSWORD = '******' OLD_PASSWORD = '******'",
        "CREATE LOGIN h WITH PASSWORD = 0x0200A1B2C3 HASHED|CREATE LOGIN h WITH PASSWORD = '******' HASHED",
        "CREATE APPLICATION ROLE r WITH PASSWORD = 'S3cret!'|CREATE APPLICATION ROLE r WITH PASSWORD = '******'",
        "ALTER APPLICATION ROLE r WITH NAME = r2, PASSWORD = N'S3cret!'|ALTER APPLICATION ROLE r WITH NAME = r2, PASSWORD = '******'",
        "CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'S3cret!'|CREATE MASTER KEY ENCRYPTION BY PASSWORD = '******'",
        "OPEN MASTER KEY DECRYPTION BY PASSWORD = 'S3cret!'|OPEN MASTER KEY DECRYPTION BY PASSWORD = '******'",
        "CREATE CREDENTIAL c WITH IDENTITY = 'u', SECRET = 'S3cret!'|CREATE CREDENTIAL c WITH IDENTITY = 'u', SECRET = '******'",
        "EXEC sp_addlogin 'app', 'S3cret!', 'orders'|EXEC sp_addlogin '******', '******', '******'",
        "EXEC master.dbo.sp_password @old = N'Old1', @new = N'New1', @loginame = 'app'|EXEC master.dbo.sp_password @old = '******', @new = '******', @loginame = '******'",
        "exec sp_setapprole 'r', 'S3cret!'|exec sp_setapprole '******', '******'",
        "ALTER LOGIN sa WITH PASSWORD = 'cut off by the limit|ALTER LOGIN sa WITH PASSWORD = '******'",
        "ALTER LOGIN sa WITH PASSWORD /* c */ = 'S3cret!'|ALTER LOGIN sa WITH PASSWORD /* c */ = '******'",
        "EXEC sp_executesql N'ALTER LOGIN sa WITH PASSWORD = ''S3cret10!'''|EXEC sp_executesql N'ALTER LOGIN sa WITH PASSWORD = ''******'''",
        "EXEC('ALTER LOGIN sa WITH PASSWORD = ''S3cret21!''')|EXEC('ALTER LOGIN sa WITH PASSWORD = ''******''')",
        "EXEC('ALTER LOGIN sa WITH PASSWORD = ''S3cret''''q'' OLD_PASSWORD = ''S3cretOld''')|EXEC('ALTER LOGIN sa WITH PASSWORD = ''******'' OLD_PASSWORD = ''******''')",
        "ALTER LOGIN sa WITH PASSWORD = '', CHECK_POLICY = OFF|ALTER LOGIN sa WITH PASSWORD = '******', CHECK_POLICY = OFF",
    })
    void masksTheLiteral(String statement, String masked) {
        assertEquals(masked, PasswordMask.mask(statement));
        assertFalse(PasswordMask.mask(statement).contains("S3cret"), "the password is gone");
    }

    @Test
    void aCommentBetweenTheKeywordAndTheValueDoesNotHideIt() {
        assertEquals("ALTER LOGIN sa WITH PASSWORD -- c\n = '******'",
                PasswordMask.mask("ALTER LOGIN sa WITH PASSWORD -- c\n = 'S3cret!'"));
    }

    @Test
    void aProcedureCallIsMaskedToTheEndOfItsStatementOnly() {
        assertEquals("EXEC sp_password '******', '******';\nSELECT 'visible'",
                PasswordMask.mask("EXEC sp_password 'a;b', 'c\nd';\nSELECT 'visible'"));
    }

    @Test
    void textWithoutPasswordsIsLeftAlone() {
        String text = "SELECT password_hash, 'x' FROM users WHERE name = 'PASSWORD'";
        assertEquals(text, PasswordMask.mask(text));
        assertEquals("SELECT 1", PasswordMask.mask("SELECT 1"));
    }

    @Test
    void theLogLineAndTheJournalBothMask() {
        assertEquals("ALTER LOGIN sa WITH PASSWORD = '******'",
                SqlResponder.forLog("ALTER LOGIN sa\n WITH PASSWORD = 'S3cret!'"));
        ConnectionRecord record = new ConnectionRecord(1, 1433, "healthy", "127.0.0.1", 50000);
        record.statement("CREATE LOGIN app WITH PASSWORD = 'S3cret!'");
        assertEquals("CREATE LOGIN app WITH PASSWORD = '******'", record.statements().get(0));
        assertTrue(JournalJson.line(record).contains("'******'"));
        assertFalse(JournalJson.line(record).contains("S3cret"));
    }
}

package dev.tdsmock.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** RPC request bodies (MS-TDS 2.2.6.6) for parser tests and fuzz seeds. */
public final class RpcRequests {
    private RpcRequests() {
    }

    /** ALL_HEADERS with a transaction descriptor header (MS-TDS 2.2.5.3), 22 bytes. */
    public static byte[] allHeaders() {
        return HexFormat.of().parseHex("16000000" + "12000000" + "0200" + "0000000000000000" + "01000000");
    }

    /** sp_executesql by id with parameters of many types, then a second call by name (MS-TDS 2.2.6.6). */
    public static byte[] manyTypes() {
        String collation = "0904d00034";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(allHeaders());
        out.writeBytes(HexFormat.of().parseHex("ffff0a00" + "0000"));
        byte[] statement = "SELECT @p0".getBytes(StandardCharsets.UTF_16LE);
        out.writeBytes(HexFormat.of().parseHex("0000" + "e7401f" + collation));
        out.writeBytes(new byte[] {(byte) statement.length, 0});
        out.writeBytes(statement);
        String[] parameters = {
            "26" + "04" + "04" + "2a000000",                                  // int 42
            "6a" + "11" + "26" + "02" + "05" + "01" + "39300000",            // decimal(38,2) 123.45
            "2a" + "07" + "08" + "0000000000" + "5b950a",                     // datetime2(7)
            "2b" + "03" + "09" + "00000000" + "5b950a" + "3c00",              // datetimeoffset(3)
            "29" + "00" + "03" + "000000",                                    // time(0)
            "28" + "03" + "5b950a",                                           // date
            "6d" + "08" + "08" + "000000000000f03f",                          // float 1.0
            "6e" + "08" + "08" + "0000000010270000",                          // money
            "24" + "10" + "10" + "00112233445566778899aabbccddeeff",          // uniqueidentifier
            "a5" + "401f" + "0300" + "010203",                                // varbinary(8000)
            "a7" + "401f" + collation + "0200" + "6869",                      // varchar(8000)
            "e7" + "ffff" + collation + "0400000000000000" + "04000000" + "68006900" + "00000000", // nvarchar(max)
            "23" + "10000000" + collation + "02000000" + "6869",              // text
            "68" + "01" + "01" + "01",                                        // bit
            "1f",                                                             // null
        };
        for (int i = 0; i < parameters.length; i++) {
            byte[] name = ("@p" + i).getBytes(StandardCharsets.UTF_16LE);
            out.write(name.length / 2);
            out.writeBytes(name);
            out.write(0);
            out.writeBytes(HexFormat.of().parseHex(parameters[i]));
        }
        out.write(0xFF);
        byte[] procedure = "sp_who".getBytes(StandardCharsets.UTF_16LE);
        out.writeBytes(new byte[] {(byte) (procedure.length / 2), 0});
        out.writeBytes(procedure);
        out.writeBytes(new byte[] {0, 0});
        return out.toByteArray();
    }

}

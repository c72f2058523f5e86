package dev.tdsmock.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Decrypts TLS 1.3 records with a traffic secret from a key log, as Wireshark does (RFC 8446 5.2, 7.1, 7.3), for the
 * AES-GCM and ChaCha20-Poly1305 suites: a check that a captured secret really is the one of the captured connection.
 */
public final class Tls13Records {
    private static final int RECORD_HEADER = 5;
    private static final int APPLICATION_DATA = 0x17;

    private Tls13Records() {
    }

    /** A TLS record: its content type and the bytes after its 5-byte header, with that header for the AEAD. */
    public record Record(int type, byte[] header, byte[] body) {
    }

    /** The whole records in a stream of TLS bytes (one direction of a connection). */
    public static List<Record> records(byte[] stream) {
        List<Record> records = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(stream);
        while (in.remaining() >= RECORD_HEADER) {
            int length = in.getShort(in.position() + 3) & 0xFFFF;
            if (in.remaining() < RECORD_HEADER + length) {
                break;
            }
            byte[] header = new byte[RECORD_HEADER];
            in.get(header);
            byte[] body = new byte[length];
            in.get(body);
            records.add(new Record(header[0] & 0xFF, header, body));
        }
        return records;
    }

    /**
     * Decrypts {@code record}, the {@code sequence}-th (from 0) under {@code trafficSecret}, and returns the
     * TLSInnerPlaintext's content without its type and padding.
     *
     * @param suite TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 or TLS_CHACHA20_POLY1305_SHA256
     */
    public static byte[] decrypt(String suite, byte[] trafficSecret, Record record, long sequence) throws Exception {
        boolean sha384 = suite.endsWith("SHA384");
        boolean chacha = suite.contains("CHACHA20");
        int keyLength = sha384 || chacha ? 32 : 16;
        byte[] key = expandLabel(sha384, trafficSecret, "key", keyLength);
        byte[] iv = expandLabel(sha384, trafficSecret, "iv", 12);
        for (int i = 0; i < 8; i++) {
            iv[iv.length - 1 - i] ^= (byte) (sequence >>> (8 * i));
        }
        Cipher aead;
        if (chacha) {
            aead = Cipher.getInstance("ChaCha20-Poly1305");
            aead.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
        } else {
            aead = Cipher.getInstance("AES/GCM/NoPadding");
            aead.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        }
        aead.updateAAD(record.header());
        byte[] inner = aead.doFinal(record.body());
        int end = inner.length - 1;
        while (end >= 0 && inner[end] == 0) {
            end--; // padding
        }
        if (end < 0 || inner[end] != APPLICATION_DATA) {
            throw new IllegalStateException("not application data: inner type " + (end < 0 ? "none" : inner[end]));
        }
        return Arrays.copyOf(inner, end);
    }

    /** HKDF-Expand-Label(secret, label, "", length) of RFC 8446 7.1. */
    private static byte[] expandLabel(boolean sha384, byte[] secret, String label, int length) {
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(length >>> 8);
        info.write(length);
        info.write(fullLabel.length);
        info.writeBytes(fullLabel);
        info.write(0); // empty context
        Digest digest = sha384 ? new SHA384Digest() : new SHA256Digest();
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(digest);
        hkdf.init(HKDFParameters.skipExtractParameters(secret, info.toByteArray()));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }
}

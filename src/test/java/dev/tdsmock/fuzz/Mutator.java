package dev.tdsmock.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of seed inputs: bit flips, bytes set to values parsers treat specially, 16- and 32-bit length fields
 * (either byte order) set to edge values, insertions, deletions, truncations, duplicated and repeated ranges, and
 * splices of two seeds. A mutant is a seed and a list of edits, so that it can be shrunk by dropping edits.
 */
final class Mutator {
    private static final int[] BYTES = {0x00, 0x01, 0x02, 0x7F, 0x80, 0x81, 0xFE, 0xFF};
    private static final int KINDS = 11;

    /** One change; positions and values are raw numbers, taken modulo what they index when applied. */
    record Edit(int kind, int at, int value, int length, int other) {
        @Override
        public String toString() {
            String[] names = {"flip", "set", "byte", "int16", "int32", "insert", "delete", "truncate", "duplicate",
                "splice", "repeat"};
            return names[kind] + "(at=" + at + ", value=" + value + ", length=" + length + ", other=" + other + ")";
        }
    }

    private Mutator() {
    }

    /** One to five edits, more often few than many. */
    static List<Edit> edits(Random random) {
        int count = 1 + Math.min(random.nextInt(5), random.nextInt(5));
        List<Edit> edits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            edits.add(new Edit(random.nextInt(KINDS), random.nextInt(1 << 20), random.nextInt(),
                    random.nextInt(1 << 10), random.nextInt(1 << 20)));
        }
        return edits;
    }

    static byte[] apply(byte[] seed, List<byte[]> seeds, List<Edit> edits) {
        byte[] bytes = seed.clone();
        for (Edit edit : edits) {
            bytes = apply(bytes, seeds, edit);
        }
        return bytes;
    }

    private static byte[] apply(byte[] bytes, List<byte[]> seeds, Edit edit) {
        int n = bytes.length;
        if (n == 0) {
            return new byte[] {(byte) edit.value()};
        }
        int at = edit.at() % n;
        byte[] out = bytes.clone();
        switch (edit.kind()) {
            case 0 -> out[at] ^= (byte) (1 << (edit.value() & 7));
            case 1 -> out[at] = (byte) edit.value();
            case 2 -> out[at] = (byte) BYTES[Math.floorMod(edit.value(), BYTES.length)];
            case 3 -> {
                long[] values = {0, 1, 0x7F, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, n, n + 1L, n - 1L, n * 2L};
                put(out, at, 2, values[Math.floorMod(edit.value(), values.length)], (edit.other() & 1) == 0);
            }
            case 4 -> {
                long[] values = {0, 1, 0xFFFF, 0x10000, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, n, n + 1L, n - 1L,
                    n * 2L, 0x7FFFFFFBL};
                put(out, at, 4, values[Math.floorMod(edit.value(), values.length)], (edit.other() & 1) == 0);
            }
            case 5 -> {
                Random bytesOf = new Random(edit.value());
                byte[] inserted = new byte[1 + edit.length() % 16];
                bytesOf.nextBytes(inserted);
                return insert(bytes, edit.at() % (n + 1), inserted);
            }
            case 6 -> {
                int end = Math.min(n, at + 1 + edit.length() % 32);
                return concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, end, n));
            }
            case 7 -> {
                return Arrays.copyOf(bytes, at);
            }
            case 8 -> {
                int end = Math.min(n, at + 1 + edit.length() % 64);
                return insert(bytes, edit.other() % (n + 1), Arrays.copyOfRange(bytes, at, end));
            }
            case 9 -> {
                byte[] donor = seeds.get(edit.other() % seeds.size());
                int from = donor.length == 0 ? 0 : Math.floorMod(edit.value(), donor.length);
                return concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(donor, from, donor.length));
            }
            default -> {
                int end = Math.min(n, at + 1 + edit.length() % 8);
                byte[] block = Arrays.copyOfRange(bytes, at, end);
                int times = 2 + Math.floorMod(edit.value(), 300);
                byte[] repeated = new byte[block.length * times];
                for (int i = 0; i < times; i++) {
                    System.arraycopy(block, 0, repeated, i * block.length, block.length);
                }
                return insert(bytes, at, repeated);
            }
        }
        return out;
    }

    private static void put(byte[] bytes, int at, int width, long value, boolean littleEndian) {
        for (int i = 0; i < width && at + i < bytes.length; i++) {
            int shift = littleEndian ? 8 * i : 8 * (width - 1 - i);
            bytes[at + i] = (byte) (value >>> shift);
        }
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        return concat(Arrays.copyOf(bytes, at), inserted, Arrays.copyOfRange(bytes, at, bytes.length));
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}

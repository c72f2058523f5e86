package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A small property-based fuzzing harness on JUnit Jupiter. Each run draws {@link #tries()} inputs from a fixed seed
 * ({@code -Dtdsmock.fuzz.seed}, default {@link #DEFAULT_SEED}), so that a suite run is deterministic; a long run on
 * demand is {@code -Dtdsmock.fuzz.tries=200000}. A failing input is shrunk (edits dropped, then bytes cut out while
 * it fails the same way), written to {@code target/fuzz-failures/<target>/}, and reported in hex: copied to
 * {@code src/test/resources/fuzz-regressions/<target>/} it becomes a regression input that
 * {@link FuzzRegressionTest} replays.
 */
final class Fuzz {
    static final long DEFAULT_SEED = 0x7D5_11L;
    /** No single input may keep a parser busy for longer than this. */
    static final long INPUT_TIMEOUT_SECONDS = 10;
    private static final int SHRINK_ATTEMPTS = 4000;
    private static final long SHRINK_MILLIS = 20_000;
    /** Runs the parser; replaced when a parser hangs, the hung thread left behind (a daemon). */
    private static ExecutorService worker = newWorker();

    private Fuzz() {
    }

    static int tries() {
        return Integer.getInteger("tdsmock.fuzz.tries", 200);
    }

    static long seed() {
        return Long.getLong("tdsmock.fuzz.seed", DEFAULT_SEED);
    }

    /** A Random for one property: the run's seed mixed with the property's name. */
    static Random random(String property) {
        return new Random(seed() ^ property.hashCode() * 0x9E3779B97F4A7C15L);
    }

    /**
     * Every seed as it is and cut short at every length, then {@link #tries()} mutants of them: each must parse or
     * be refused as bad input.
     *
     * @return how many inputs were tried
     */
    static int mutants(String target, List<byte[]> seeds) {
        return mutants(target, seeds, UnaryOperator.identity());
    }

    /**
     * As {@link #mutants(String, List)}, with half of the mutants given to {@code fixLengths} after their edits:
     * it sets the outer length fields to what the mutant's length is, so that mutations get past the first check
     * of a length to the fields within.
     */
    static int mutants(String target, List<byte[]> seeds, UnaryOperator<byte[]> fixLengths) {
        return mutants(target, Targets.parser(target), seeds, fixLengths);
    }

    /** As {@link #mutants(String, List, UnaryOperator)}, for a parser given here. */
    static int mutants(String target, Consumer<byte[]> parser, List<byte[]> seeds, UnaryOperator<byte[]> fixLengths) {
        assertFalse(seeds.isEmpty(), "no seeds for " + target);
        int inputs = 0;
        for (byte[] seed : seeds) {
            for (int length = 0; length <= seed.length; length++) {
                byte[] prefix = Arrays.copyOf(seed, length);
                int cut = length;
                outcome(parser, prefix).ifPresent(e -> report(target, "seed cut at " + cut, prefix, e));
                inputs++;
            }
        }
        Random random = random(target);
        int tries = tries();
        int parsed = 0;
        for (int i = 0; i < tries; i++) {
            int seedIndex = random.nextInt(seeds.size());
            List<Mutator.Edit> edits = Mutator.edits(random);
            UnaryOperator<byte[]> finish = random.nextBoolean() ? fixLengths : UnaryOperator.identity();
            byte[] seed = seeds.get(seedIndex);
            Function<List<Mutator.Edit>, byte[]> mutant = e -> finish.apply(Mutator.apply(seed, seeds, e));
            byte[] input = mutant.apply(edits);
            Optional<Throwable> breach = outcome(parser, input);
            if (breach.isEmpty() && parses(parser, input)) {
                parsed++;
            }
            if (breach.isPresent()) {
                String signature = signature(breach.get());
                List<Mutator.Edit> fewer = dropEdits(parser, mutant, edits, signature);
                byte[] small = cutBytes(parser, mutant.apply(fewer), signature);
                report(target, "try " + i + " (seed " + seed() + ") of seed input " + seedIndex + " with " + fewer
                        + (finish == fixLengths ? ", lengths fixed" : ""), small,
                        outcome(parser, small).orElse(breach.get()));
            }
        }
        System.out.printf("fuzz %s: %d seed inputs and their prefixes, %d mutants (seed %d), %d of them parsed%n",
                target, inputs, tries, seed(), parsed);
        return inputs + tries;
    }

    /**
     * {@link #tries()} values from {@code generator}, each given to {@code property}, which fails by throwing.
     * For properties of built inputs (round trips), which have no bytes to shrink.
     */
    static <T> void forAll(String property, Function<Random, T> generator, Consumer<T> check) {
        Random random = random(property);
        int tries = tries();
        for (int i = 0; i < tries; i++) {
            T value = generator.apply(random);
            try {
                check.accept(value);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(property + ", try " + i + " (seed " + seed() + "): " + value + ": " + e, e);
            }
        }
    }

    /** What {@code parser} does with {@code bytes} against its contract, within {@link #INPUT_TIMEOUT_SECONDS}. */
    static synchronized Optional<Throwable> outcome(Consumer<byte[]> parser, byte[] bytes) {
        Future<Optional<Throwable>> run = worker.submit(() -> Targets.breach(parser, bytes));
        try {
            return run.get(INPUT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return Optional.of(new TimeoutException("the parser took more than " + INPUT_TIMEOUT_SECONDS + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        }
    }

    /** Whether {@code parser} takes {@code bytes} (known not to break its contract) without refusing them. */
    private static boolean parses(Consumer<byte[]> parser, byte[] bytes) {
        try {
            parser.accept(bytes);
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /** LOGIN7: its Length (DWORD at 0) set to the message's. */
    static byte[] login7Length(byte[] bytes) {
        byte[] fixed = bytes.clone();
        if (fixed.length >= 4) {
            for (int i = 0; i < 4; i++) {
                fixed[i] = (byte) (fixed.length >>> (8 * i));
            }
        }
        return fixed;
    }

    /** A ClientHello record: the record's length and the handshake message's set to what follows them. */
    static byte[] clientHelloLengths(byte[] bytes) {
        byte[] fixed = bytes.clone();
        if (fixed.length >= 9) {
            int record = Math.min(0xFFFF, fixed.length - 5);
            fixed[3] = (byte) (record >> 8);
            fixed[4] = (byte) record;
            int message = record - 4;
            fixed[6] = (byte) (message >> 16);
            fixed[7] = (byte) (message >> 8);
            fixed[8] = (byte) message;
        }
        return fixed;
    }

    /** One packet: its header's length set to the packet's. */
    static byte[] packetLength(byte[] bytes) {
        byte[] fixed = bytes.clone();
        if (fixed.length >= 8 && fixed.length <= 0xFFFF) {
            fixed[2] = (byte) (fixed.length >> 8);
            fixed[3] = (byte) fixed.length;
        }
        return fixed;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fuzz-input");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static String signature(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return e.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
    }

    private static boolean failsAlike(Consumer<byte[]> parser, byte[] bytes, String signature) {
        return outcome(parser, bytes).map(e -> signature(e).equals(signature)).orElse(false);
    }

    private static List<Mutator.Edit> dropEdits(Consumer<byte[]> parser, Function<List<Mutator.Edit>, byte[]> mutant,
                                                List<Mutator.Edit> edits, String signature) {
        List<Mutator.Edit> kept = new ArrayList<>(edits);
        for (int i = kept.size() - 1; i >= 0 && kept.size() > 1; i--) {
            List<Mutator.Edit> fewer = new ArrayList<>(kept);
            fewer.remove(i);
            if (failsAlike(parser, mutant.apply(fewer), signature)) {
                kept = fewer;
            }
        }
        return kept;
    }

    /** Cuts out ever smaller chunks while the input still fails the same way, within a budget. */
    private static byte[] cutBytes(Consumer<byte[]> parser, byte[] bytes, String signature) {
        long deadline = System.currentTimeMillis() + SHRINK_MILLIS;
        int attempts = 0;
        byte[] smallest = bytes;
        for (int chunk = Math.max(1, smallest.length / 2); chunk >= 1; chunk /= 2) {
            for (int at = 0; at + chunk <= smallest.length; ) {
                if (attempts++ >= SHRINK_ATTEMPTS || System.currentTimeMillis() > deadline) {
                    return smallest;
                }
                byte[] cut = Mutator.concat(Arrays.copyOf(smallest, at),
                        Arrays.copyOfRange(smallest, at + chunk, smallest.length));
                if (failsAlike(parser, cut, signature)) {
                    smallest = cut;
                } else {
                    at += chunk;
                }
            }
        }
        return smallest;
    }

    private static void report(String target, String what, byte[] input, Throwable e) {
        String hex = HexFormat.of().formatHex(input);
        Path saved = save(target, hex);
        fail(target + " " + what + ": input of " + input.length + " bytes " + hex + " threw " + e
                + "; saved as " + saved + ": move it to src/test/resources/fuzz-regressions/" + target
                + "/ once fixed", e);
    }

    private static Path save(String target, String hex) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hex.getBytes());
            Path dir = Path.of(System.getProperty("tdsmock.fuzz.failures", "target/fuzz-failures"), target);
            Files.createDirectories(dir);
            Path file = dir.resolve(HexFormat.of().formatHex(digest, 0, 6) + ".hex");
            Files.writeString(file, hex + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

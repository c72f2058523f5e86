package dev.tdsmock.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A measured server's child process: the CPU time the operating system counts for it, and its stop. */
final class Processes {
    private Processes() {
    }

    /** The CPU time (user and system) of the process and its live descendants, in nanoseconds. */
    static long cpuNanos(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants())
                .mapToLong(handle -> handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }

    /** SIGTERM (nginx's fast shutdown, a JVM's shutdown hooks), then SIGKILL after 10 s. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package dev.tdsmock.bench;

import java.time.Duration;
import java.util.stream.Stream;

/** CPU time of a server's processes, as the operating system counts it. */
final class Processes {
    private Processes() {
    }

    /** The CPU time (user and system) of the process and its live descendants, in nanoseconds. */
    static long cpuNanos(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants())
                .mapToLong(handle -> handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }
}

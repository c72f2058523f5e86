package dev.tdsmock.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Exclusive access to a store directory, across threads and across processes.
 *
 * <p>A file lock is held by the whole JVM, and asking for it twice from one JVM throws
 * OverlappingFileLockException, so threads of this JVM first queue on a lock shared by every instance
 * that works on the same directory, and only the thread holding it takes the file lock.
 */
final class DirectoryLock {

    static final String LOCK_FILE = ".lock";

    private static final ConcurrentMap<Path, ReentrantLock> LOCKS_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final ReentrantLock jvmLock;

    /** @param directory an existing directory, as a real path so that every spelling of it shares one lock */
    DirectoryLock(Path directory) {
        this.lockFile = directory.resolve(LOCK_FILE);
        this.jvmLock = LOCKS_IN_THIS_JVM.computeIfAbsent(directory, d -> new ReentrantLock());
    }

    <T> T whileHolding(Supplier<T> action) {
        jvmLock.lock();
        try {
            if (jvmLock.getHoldCount() > 1) {
                return action.get();
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock fileLock = channel.lock();
                try {
                    return action.get();
                } finally {
                    fileLock.release();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot lock " + lockFile.toAbsolutePath(), e);
            }
        } finally {
            jvmLock.unlock();
        }
    }
}

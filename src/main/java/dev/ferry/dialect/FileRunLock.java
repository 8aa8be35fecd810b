package dev.ferry.dialect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;

/**
 * ferry's run lock for an embedded database file (SQLite, H2): an operating-system lock on a file
 * beside it, {@code <database file>.ferry-lock}, which works across processes and ends with the
 * process that holds it, a killed one too. The file says who holds the lock while it is held; it
 * stays behind, empty, afterwards (deleting it would let two runs lock two different files).
 */
public final class FileRunLock {

  /** Suffix of the lock file beside the database file. */
  public static final String SUFFIX = ".ferry-lock";

  private FileRunLock() {}

  /**
   * The real path of a database file (links and relative parts resolved), or null when there is
   * no such file here (an in-memory database, or a server's file on another machine).
   */
  public static Path realFile(String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    try {
      Path file = Path.of(path);
      return Files.isRegularFile(file) ? file.toRealPath() : null;
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  /**
   * Tries the run lock beside a local database file, as a dialect reports it: nothing to lock
   * where there is no file ({@code databaseFile} null: in memory, remote), and a lock file that
   * cannot be written is a failure of the connection's database.
   */
  public static LockAttempt tryLockBeside(Path databaseFile, String holder)
      throws SQLException {
    if (databaseFile == null) {
      return LockAttempt.taken(() -> { });
    }
    try {
      return tryLock(databaseFile, holder);
    } catch (IOException e) {
      throw new SQLException("cannot lock " + databaseFile + SUFFIX + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Tries a sync job's leader lock beside a local database file, {@code
   * <database file>.ferry-sync-<job>.lock}, as {@link #tryLockBeside} the run lock.
   */
  public static LockAttempt tryJobLockBeside(Path databaseFile, String holder, String job)
      throws SQLException {
    if (databaseFile == null) {
      return LockAttempt.taken(() -> { });
    }
    Path file = Path.of(databaseFile + ".ferry-sync-" + job + ".lock");
    try {
      return tryLock(file, databaseFile, holder);
    } catch (IOException e) {
      throw new SQLException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Tries to take the lock of {@code databaseFile} (its real path) without waiting.
   *
   * @param holder who takes it, written into the lock file for whoever finds it held
   */
  public static LockAttempt tryLock(Path databaseFile, String holder) throws IOException {
    return tryLock(Path.of(databaseFile + SUFFIX), databaseFile, holder);
  }

  private static LockAttempt tryLock(Path file, Path databaseFile, String holder)
      throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (java.nio.file.FileSystemException e) {
      if (Files.isWritable(file) || (!Files.exists(file) && Files.isWritable(file.getParent()))) {
        throw e;
      }
      // the directory (or a lock file of another user) is not ours to write: neither is the
      // database, whose journal goes beside it
      return LockAttempt.refused("cannot write in " + file.getParent() + ", where ferry keeps its"
          + " run lock (" + file.getFileName() + ") and the engine its journal beside "
          + databaseFile.getFileName() + ": let this user write that directory");
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // this process holds it already (another run in the same JVM)
      lock = null;
    }
    if (lock == null) {
      channel.close();
      String who = Files.readString(file, StandardCharsets.UTF_8).strip();
      return LockAttempt.heldBy(who.isEmpty() ? "a run that is just starting" : who);
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
    FileLock held = lock;
    return LockAttempt.taken(() -> {
      try (channel) {
        channel.truncate(0);
        held.release();
      }
    });
  }
}

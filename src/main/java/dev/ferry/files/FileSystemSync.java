package dev.ferry.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One flush of a whole file system to disk, as {@code sync -f DIR} does it (Linux's {@code
 * syncfs}, which Java does not offer): what {@code cp -r} followed by {@code sync} pays once,
 * where forcing each file pays a journal commit per file. A store commits a group of files with
 * two of them (the staged bytes, then the renames and directories) instead of a force per file
 * and per directory. Where the command is missing or refuses (another system), {@link
 * #available} says so once and the store forces file by file, as before.
 */
final class FileSystemSync {

  /** The longest a flush may take before it counts as failed. */
  private static final long TIMEOUT_MINUTES = 10;

  private final Path directory;
  private volatile Boolean works;

  /** @param directory a directory on the file system to flush */
  FileSystemSync(Path directory) {
    this.directory = directory;
  }

  /** Whether flushing works here: tried once, by a flush. */
  boolean available() throws IOException {
    Boolean known = works;
    if (known == null) {
      known = run();
      works = known;
    }
    return known;
  }

  /**
   * Flushes the file system to disk.
   *
   * @throws IOException when the flush failed where it worked before: nothing is known durable
   */
  void flush() throws IOException {
    if (!run()) {
      throw new IOException("'sync -f " + directory + "' failed: the files could not be made"
          + " durable");
    }
  }

  private boolean run() throws IOException {
    try {
      Process p = new ProcessBuilder("sync", "-f", directory.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException noCommand) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while flushing " + directory + " to disk");
    }
  }
}

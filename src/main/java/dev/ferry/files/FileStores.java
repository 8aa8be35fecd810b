package dev.ferry.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the store a configuration names: a directory, or a {@code .tar}/{@code .tar.gz} file. */
public final class FileStores {

  private FileStores() {}

  /** Whether the path names an archive (by its name), which is a read-only store. */
  public static boolean isArchive(Path path) {
    String name = path.getFileName() == null ? ""
        : path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz");
  }

  /**
   * Why a target store cannot be written at that path, judged before a run writes anything;
   * null when it can.
   *
   * @param writing whether the run writes into it (not a dry run): then it must be writable
   */
  public static String unwritable(Path path, boolean writing) {
    if (isArchive(path)) {
      return path + " is an archive, which ferry reads but does not write; give a directory as"
          + " the target store";
    }
    if (!Files.isDirectory(path)) {
      return "the target store " + path + " is not a directory. Create it, or fix the path.";
    }
    if (writing && !Files.isWritable(path)) {
      return "the target store " + path + " is not writable by this user";
    }
    return null;
  }

  /**
   * Why no source store can be read at that path, judged without opening it (an archive is not
   * indexed); null when one may be: a readable directory, or a readable archive file.
   */
  public static String unreadable(Path path) {
    boolean store = Files.isDirectory(path) || isArchive(path) && Files.isRegularFile(path);
    if (!store) {
      return "the source store " + path + " is neither a directory nor a .tar/.tar.gz archive"
          + " (it does not exist?). Fix the path.";
    }
    return Files.isReadable(path) ? null : "the source store " + path
        + " is not readable by this user";
  }

  /**
   * Opens the store.
   *
   * @throws IOException when it does not exist, cannot be read, or is neither a directory nor
   *     an archive
   */
  public static FileStore open(Path path) throws IOException {
    if (isArchive(path) && Files.isRegularFile(path)) {
      return new TarStore(path);
    }
    return new DirectoryStore(path);
  }
}

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

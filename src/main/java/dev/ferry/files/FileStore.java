package dev.ferry.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Where the files rows point to live: a local directory tree ({@link DirectoryStore}, read and
 * written) or a {@code .tar}/{@code .tar.gz} archive ({@link TarStore}, read only). An
 * S3-compatible object store is the next implementation (docs/files.md): {@link #open} is a GET,
 * {@link #size} a HEAD, {@link #list} a listing, and {@link WritableStore}'s staged write a
 * multipart upload completed by its commit.
 */
public interface FileStore extends AutoCloseable {

  /** The store for messages: its directory or archive. */
  String describe();

  /**
   * Opens a file for reading, a stream the caller closes.
   *
   * @return null when the store has no file at that path
   * @throws UnsafePath when the path leads through a symbolic link or out of the store
   */
  InputStream open(StorePath path) throws IOException;

  /**
   * The size of the file in bytes, or -1 when there is none at that path.
   *
   * @throws UnsafePath when the path leads through a symbolic link or out of the store
   */
  long size(StorePath path) throws IOException;

  /** Every file's path in the store, in no particular order; the store's own temporaries left out. */
  void list(Consumer<StorePath> each) throws IOException;

  /** The store as a target, or null when it is read-only. */
  default WritableStore writable() {
    return null;
  }

  @Override
  void close();
}

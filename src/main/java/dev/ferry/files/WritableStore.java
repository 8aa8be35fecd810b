package dev.ferry.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * A store files are written into, atomically: a file is first {@link #stage staged} under a
 * temporary name (hashed and sized on the way), then either {@link #commit committed} to its
 * path by one rename, made durable with the others committed together, or {@link #discard
 * discarded}. A reader never sees a part-written file at a path, and a committed file is on disk
 * when {@code commit} returns.
 */
public interface WritableStore {

  /**
   * Streams {@code in} into a new temporary file, computing its SHA-256 and size as it goes. Its
   * bytes are forced to disk before this returns when {@code force} is true (the caller knows it
   * will be committed: forcing it now, on the caller's thread, spreads the disk's waits over the
   * files being staged), else when it is committed. Nothing of the file is held in memory beyond
   * one buffer.
   */
  Staged stage(InputStream in, boolean force) throws IOException;

  /** Forces a staged file's bytes to disk now (see {@link #stage}); returns it so marked. */
  Staged force(Staged staged) throws IOException;

  /**
   * Streams {@code in} to nowhere, computing what {@link #stage} would (a dry run, a hash of a
   * present file).
   */
  Staged measure(InputStream in) throws IOException;

  /**
   * Moves a staged file to its path (directories made as needed), durably: {@link
   * #commit(java.util.List)} of one.
   *
   * @throws UnsafePath when the path leads through a symbolic link
   */
  default void commit(Staged staged, StorePath path) throws IOException {
    commit(java.util.List.of(new Move(staged, path)));
  }

  /**
   * Moves staged files to their paths together, durably: every file not forced yet is forced to
   * disk (several at once, so that the file system commits its journal for many of them at a
   * time), then each
   * is renamed into place (directories made as needed), then each directory a rename or a new
   * directory touched is forced once. When this returns, every file is whole at its path and
   * stays so after a power loss; a kill before leaves each file either whole at its path or only
   * a temporary.
   *
   * @throws UnsafePath when a path leads through a symbolic link (the files before it are moved)
   */
  void commit(java.util.List<Move> moves) throws IOException;

  /**
   * A staged file and the path it goes to.
   *
   * @param staged the file, as {@link #stage} returned it
   * @param path where it goes
   */
  record Move(Staged staged, StorePath path) {}

  /** Deletes a staged file that is not wanted. */
  void discard(Staged staged) throws IOException;

  /**
   * Deletes the temporary files of runs that were killed before they committed or discarded
   * them; returns how many there were.
   */
  int sweepTemporaries() throws IOException;

  /**
   * A file written under a temporary name (or, from {@link #measure}, only read).
   *
   * @param temporary where it is; null when it was only measured
   * @param sha256 its SHA-256, 64 lower-case hex digits
   * @param size its length in bytes
   * @param forced whether its bytes are on disk already
   */
  record Staged(java.nio.file.Path temporary, String sha256, long size, boolean forced) {}
}

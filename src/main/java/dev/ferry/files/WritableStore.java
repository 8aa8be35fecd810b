package dev.ferry.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * A store files are written into, atomically: a file is first {@link #stage staged} under a
 * temporary name (hashed and sized on the way, made durable), then either {@link #commit
 * committed} to its path by one rename or {@link #discard discarded}. A reader never sees a
 * part-written file at a path.
 */
public interface WritableStore {

  /**
   * Streams {@code in} into a new temporary file, computing its SHA-256 and size as it goes, and
   * forces it to disk. Nothing of the file is held in memory beyond one buffer.
   */
  Staged stage(InputStream in) throws IOException;

  /**
   * Streams {@code in} to nowhere, computing what {@link #stage} would (a dry run, a hash of a
   * present file).
   */
  Staged measure(InputStream in) throws IOException;

  /**
   * Moves a staged file to its path (directories made as needed) and makes the rename durable.
   *
   * @throws UnsafePath when the path leads through a symbolic link
   */
  void commit(Staged staged, StorePath path) throws IOException;

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
   */
  record Staged(java.nio.file.Path temporary, String sha256, long size) {}
}

package dev.ferry.files;

/**
 * A path a row or an archive gives that ferry will not follow: {@code ..}, an absolute path, a
 * symbolic link, or an archive entry that would land outside its store. The message says why,
 * without the row; the caller names the row.
 */
public final class UnsafePath extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param reason why the path is refused, e.g. {@code it climbs out of the store with '..'} */
  public UnsafePath(String reason) {
    super(reason, null, false, false);
  }
}

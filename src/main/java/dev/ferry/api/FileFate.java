package dev.ferry.api;

import java.util.Locale;

/**
 * What became of one file a row points to (docs/files.md): the vocabulary of the file audit
 * ({@code file-audit.jsonl}) and of the counts in {@code run-report.json}.
 */
public enum FileFate {
  /** Streamed to the target store, hashed and sized on the way, renamed into place. */
  COPIED,
  /** The target store holds the same file at its path already: nothing written. */
  SKIP,
  /** Its SHA-256 or size is not what the row's columns expect: not written. */
  MISMATCH,
  /** The source store has no file at the row's path. */
  MISSING,
  /** The row's path is unsafe: absolute, climbing with {@code ..}, through a link. */
  REFUSED,
  /** The target store holds another file at its path: kept, nothing written. */
  CONFLICT;

  /**
   * The reason the audit gives a {@link #SKIP} of a row the merge kept as the target had it:
   * the row was not written, so neither was its file (verify reads it back).
   */
  public static final String MERGE_KEPT = "the merge kept the target's row: its file is not"
      + " copied";

  /** The fate as the audit and the report write it: {@code copied}, {@code skip}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the file is in the target store as the row needs it. */
  public boolean arrived() {
    return this == COPIED || this == SKIP;
  }
}

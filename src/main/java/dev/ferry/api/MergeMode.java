package dev.ferry.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a copy does with a source row whose key the target table already holds with other values
 * (docs/merge.md). A row whose every carried value is the same is {@code unchanged} in every
 * mode; a key the target lacks is inserted.
 */
public enum MergeMode {
  /** Refuse the run before its first write, listing the conflicting keys. */
  FAIL,
  /** Keep the target's row. */
  SKIP,
  /** Overwrite every column the source carries. */
  REPLACE,
  /** Overwrite only the columns whose values differ. */
  UPDATE,
  /**
   * Compare a version column ({@code newer-by}): the source's row is written where its version
   * is newer (as {@link #UPDATE}), the target's kept where its version is newer; NULL is older
   * than any value, and equal versions with other values are a conflict (a tie) that keeps the
   * target's row.
   */
  NEWER_WINS;

  /** The mode as written in options and {@code ferry.yaml}: {@code fail}, {@code newer-wins}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the mode may overwrite target rows (and needs the UPDATE privilege). */
  public boolean mayUpdate() {
    return this == REPLACE || this == UPDATE || this == NEWER_WINS;
  }

  /** The mode a label names, or null when it names none. */
  public static MergeMode parse(String label) {
    for (MergeMode m : values()) {
      if (m.label().equals(label)) {
        return m;
      }
    }
    return null;
  }

  /** The labels, for messages: {@code fail, skip, replace, update, newer-wins}. */
  public static String labels() {
    return Arrays.stream(values()).map(MergeMode::label).collect(Collectors.joining(", "));
  }
}

package dev.ferry.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whose keys a table's rows get in the target (docs/merge.md, "Key policies").
 */
public enum KeyPolicy {
  /** The source's keys are the target's keys. */
  PRESERVE,
  /**
   * The target assigns new keys; ferry records each source key's target key in its id map and
   * rewrites every reference to the table through it.
   */
  REMAP,
  /**
   * Rows are paired with the target's rows of the same natural key (columns named per table in
   * {@code ferry.yaml}), the pairs recorded in the id map; unmatched rows get keys as under
   * {@link #REMAP}.
   */
  MATCH;

  /** The policy as written in options and {@code ferry.yaml}: {@code preserve}, {@code remap},
   * {@code match}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The policy a label names, or null when it names none. */
  public static KeyPolicy parse(String label) {
    for (KeyPolicy p : values()) {
      if (p.label().equals(label)) {
        return p;
      }
    }
    return null;
  }

  /** The labels, for messages. */
  public static String labels() {
    return Arrays.stream(values()).map(KeyPolicy::label).collect(Collectors.joining(", "));
  }
}

package dev.ferry.api;

import java.util.Locale;

/**
 * The one status vocabulary of ferry's per-row artifacts (docs/artifacts.md, "Statuses"): what a
 * merge's audit says of a row ({@link RowFate} and its reason) and what {@code users map} says of
 * a user, each said in the same five words.
 */
public enum Outcome {
  /** The row (or user) is where it belongs: written, already there, mapped or created. */
  OK,
  /** Left as the target has it, by the rule the user chose. */
  SKIP,
  /** Both sides hold it differently and no rule says which wins. */
  CONFLICT,
  /** Several candidates: two source rows for one target row, or several target rows for one. */
  DUPLICATE,
  /** A policy refuses it (a user no rule matched under {@code unmatched: fail}). */
  POLICY_DENIED;

  /** The status as the artifacts write it: {@code ok}, {@code policy_denied}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status of a merged row's fate and reason. */
  public static Outcome of(RowFate fate, RowFate.Reason reason) {
    if (reason == RowFate.Reason.DUPLICATE_NATURAL_KEY
        || reason == RowFate.Reason.DUPLICATE_TARGET) {
      return DUPLICATE;
    }
    return switch (fate) {
      case INSERTED, UPDATED, UNCHANGED, DELETED -> OK;
      case SKIPPED -> SKIP;
      case CONFLICT -> CONFLICT;
    };
  }

  /**
   * The status of a {@code users map} row's status ({@code matched}, {@code operator}, {@code
   * default}, {@code null}, {@code create}, {@code ambiguous}, {@code unmatched}); null for a
   * status it does not know.
   */
  public static Outcome ofUserMapStatus(String status) {
    return switch (status) {
      case "matched", "operator", "default", "null", "create" -> OK;
      case "ambiguous" -> DUPLICATE;
      case "unmatched" -> POLICY_DENIED;
      default -> null;
    };
  }
}

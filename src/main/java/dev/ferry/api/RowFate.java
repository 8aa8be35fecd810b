package dev.ferry.api;

import java.util.Locale;

/**
 * What became of one row of a merged table (docs/merge.md): the one vocabulary of the per-row
 * audit ({@code merge-audit.jsonl}) and of the counts in {@code run-report.json}.
 */
public enum RowFate {
  /** The target lacked the key: the row was inserted. */
  INSERTED,
  /** The target held the key with other values: the row's columns were written. */
  UPDATED,
  /** The target held the key with every carried value the same: nothing written. */
  UNCHANGED,
  /** The target held the key with other values and the mode's rule keeps the target's row. */
  SKIPPED,
  /**
   * The target held the key with other values and no rule of the mode says which side wins
   * (under {@code fail}, or a tie under {@code newer-wins}): the target's row is kept, and a
   * run that records one exits 3.
   */
  CONFLICT,
  /** A target row the run deleted. */
  DELETED;

  /** The fate as the audit and the report write it: {@code inserted}, {@code updated}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Why a row got its fate, where the fate alone does not say. */
  public enum Reason {
    /** The target holds the key with other values. */
    KEY_COLLISION,
    /** Under {@code newer-wins}: the target's version is newer than the source's. */
    NEWER_IN_TARGET,
    /** Under {@code newer-wins}: both versions are equal (or both NULL), the values are not. */
    TIE,
    /** Under {@code keys: match}: another row of the chunk has the natural key, or the target two. */
    DUPLICATE_NATURAL_KEY,
    /** Under {@code keys: match}: the target row is paired with another source row already. */
    DUPLICATE_TARGET,
    /**
     * Under a sync job's {@code winner:} (docs/sync.md): the row changed on the winning side
     * since the last cycle, and overwrote a target row whose version was newer or as new.
     */
    WINNER_CHANGED,
    /**
     * Under a sync job's {@code winner: none}: the row changed on both sides since the last
     * cycle, and is written neither way (a conflict, or kept where the other half recorded it).
     */
    CHANGED_ON_BOTH;

    /** The reason as the audit writes it: {@code key collision}, {@code newer in target}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }
}

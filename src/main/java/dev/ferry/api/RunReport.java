package dev.ferry.api;

import dev.ferry.error.Redactor;
import java.util.List;
import java.util.Map;

/**
 * What a copy did: written as {@code run-report.json} (see docs/artifacts.md) and summarised on
 * stdout. Everything except {@code timing} and the per-table seconds and rates is deterministic
 * for the same inputs.
 *
 * @param formatVersion version of this JSON shape
 * @param runId the run's id
 * @param planFingerprint the plan's fingerprint; a resume must match it
 * @param source the source, credentials masked
 * @param target the target, credentials masked
 * @param mode {@code copy} or {@code dry-run}
 * @param status {@code done}, {@code failed}, {@code refused} or {@code verification-failed}
 * @param resumed true when this run continued an earlier, unfinished one
 * @param tables per unit (table load or cycle fix-up), in load order
 * @param conflicts rows not written, by reason; empty for a plain copy
 * @param identityResets {@code table.column} identities and sequences moved past the loaded keys
 * @param orphanChecks foreign keys proven after a load with relaxed checks
 * @param transformations transformations applied to rows (name → fingerprint)
 * @param notes what the operator should know (one-pass tables, silenced triggers)
 * @param problems why the run was refused or failed; empty when it was not
 * @param totals rows read and written, seconds
 * @param timing start and end (ISO-8601 UTC), kept apart from the compared parts
 * @param zeroDatesToNull per {@code table.column}, the source's zero dates a cast rule's {@code
 *     zero-dates: null} turned into NULL (counted on the source by the preflight); null (left
 *     out) when no rule does
 * @param files what became of the files rows point to ({@code files:}, docs/files.md), this
 *     attempt's; null (left out) when no table has files
 */
public record RunReport(
    int formatVersion,
    String runId,
    String planFingerprint,
    String source,
    String target,
    String mode,
    String status,
    boolean resumed,
    List<TableReport> tables,
    Map<String, Long> conflicts,
    List<String> identityResets,
    List<OrphanCheck> orphanChecks,
    Map<String, String> transformations,
    List<String> notes,
    List<String> problems,
    Totals totals,
    Map<String, String> timing,
    Map<String, Long> zeroDatesToNull,
    Files files) {

  public static final int FORMAT_VERSION = 1;

  /** A report of a run without files. */
  public RunReport(int formatVersion, String runId, String planFingerprint, String source,
      String target, String mode, String status, boolean resumed, List<TableReport> tables,
      Map<String, Long> conflicts, List<String> identityResets, List<OrphanCheck> orphanChecks,
      Map<String, String> transformations, List<String> notes, List<String> problems,
      Totals totals, Map<String, String> timing, Map<String, Long> zeroDatesToNull) {
    this(formatVersion, runId, planFingerprint, source, target, mode, status, resumed, tables,
        conflicts, identityResets, orphanChecks, transformations, notes, problems, totals, timing,
        zeroDatesToNull, null);
  }

  /**
   * The files of a run's tables with {@code files:} (docs/files.md): each file a row pointed to
   * has one fate (a dry run's: the fate it would have).
   *
   * @param fates per fate label ({@code copied}, {@code skip}, {@code mismatch}, {@code
   *     missing}, {@code refused}, {@code conflict}), the files of that fate; every label present
   * @param bytesCopied bytes written to the target stores
   * @param audit the per-file audit's name in the report directory ({@code file-audit.jsonl})
   */
  public record Files(Map<String, Long> fates, long bytesCopied, String audit) {
    public Files {
      fates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fates));
    }
  }

  /** A report of a run without zero dates turned into NULL. */
  public RunReport(int formatVersion, String runId, String planFingerprint, String source,
      String target, String mode, String status, boolean resumed, List<TableReport> tables,
      Map<String, Long> conflicts, List<String> identityResets, List<OrphanCheck> orphanChecks,
      Map<String, String> transformations, List<String> notes, List<String> problems,
      Totals totals, Map<String, String> timing) {
    this(formatVersion, runId, planFingerprint, source, target, mode, status, resumed, tables,
        conflicts, identityResets, orphanChecks, transformations, notes, problems, totals, timing,
        null);
  }

  public RunReport {
    zeroDatesToNull = zeroDatesToNull == null ? null
        : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(zeroDatesToNull));
    // notes and problems may quote a driver: no password gets into the report through them
    notes = notes == null ? null : notes.stream().map(Redactor::scrub).toList();
    problems = problems == null ? null : problems.stream().map(Redactor::scrub).toList();
  }

  /**
   * One unit's figures.
   *
   * @param unit the table (or {@code fixup:table(columns)})
   * @param target the target table
   * @param reading {@code keyset} (paged by key) or {@code one-pass} (no usable key)
   * @param rowsRead rows read from the source by this run
   * @param rowsWritten rows written by this run (a fix-up counts rows read)
   * @param rowsSkipped rows an earlier attempt of the run had already committed
   * @param seconds wall time of the unit
   * @param rowsPerSecond rows read per second
   * @param status {@code done}, {@code skipped-done} (complete before this attempt) or {@code
   *     failed}
   * @param merge the fate of each row of the run (earlier attempts' committed chunks included),
   *     for a table written under a merge mode; null otherwise
   * @param keys the key policy and its counts (of this attempt), for a table under {@code keys:
   *     remap}; null otherwise
   */
  public record TableReport(String unit, String target, String reading, long rowsRead,
      long rowsWritten, long rowsSkipped, double seconds, long rowsPerSecond, String status,
      Fates merge, Keys keys) {

    /** A unit written under a merge mode, or without one, whose keys are preserved. */
    public TableReport(String unit, String target, String reading, long rowsRead,
        long rowsWritten, long rowsSkipped, double seconds, long rowsPerSecond, String status,
        Fates merge) {
      this(unit, target, reading, rowsRead, rowsWritten, rowsSkipped, seconds, rowsPerSecond,
          status, merge, null);
    }

    /** A unit written without a merge mode. */
    public TableReport(String unit, String target, String reading, long rowsRead,
        long rowsWritten, long rowsSkipped, double seconds, long rowsPerSecond, String status) {
      this(unit, target, reading, rowsRead, rowsWritten, rowsSkipped, seconds, rowsPerSecond,
          status, null);
    }
  }

  /**
   * What became of the source rows of a merged table (docs/merge.md): each row has one fate.
   *
   * @param mode the merge mode ({@code fail}, {@code skip}, {@code replace}, {@code update});
   *     null in the run's totals
   * @param inserted rows whose key the target lacked, inserted
   * @param updated rows whose key the target held with other values, overwritten
   * @param unchanged rows the target held with every carried value the same: nothing written
   * @param skipped rows the target held with other values, kept as the target has them
   * @param conflicts rows the target held with other values where the mode's rule does not say
   *     which side wins: refused under {@code fail}, recorded (exit 3) under {@code newer-wins}
   * @param targetOnly target rows whose keys the source lacks, left alone: the rows the table
   *     held before the run less those a source row met; null where not known (a table whose
   *     source rows a filter limits: a target row it left out may well be on the source)
   * @param deleted under {@code children: replace}, target child rows of the incoming parents
   *     that the source lacks, deleted; null for a table without it
   */
  public record Fates(String mode, long inserted, long updated, long unchanged, long skipped,
      long conflicts, Long targetOnly, Long deleted) {

    /** Fates without deletions. */
    public Fates(String mode, long inserted, long updated, long unchanged, long skipped,
        long conflicts, Long targetOnly) {
      this(mode, inserted, updated, unchanged, skipped, conflicts, targetOnly, null);
    }

    /** Fates whose target-only rows are not known (yet). */
    public Fates(String mode, long inserted, long updated, long unchanged, long skipped,
        long conflicts) {
      this(mode, inserted, updated, unchanged, skipped, conflicts, null);
    }

    /** Rows written: inserted or updated. */
    public long written() {
      return inserted + updated;
    }

    /** Source rows whose key the target held. */
    public long matched() {
      return updated + unchanged + skipped + conflicts;
    }

    /**
     * These fates, with the target-only rows of a table that held {@code before} rows when the
     * run read the whole of its source ({@code filtered} false); unknown (null) when a row filter
     * ({@code where:}, {@code keys-file:}, a sync cycle's watermark or hash ranges) left some
     * source rows unread.
     */
    public Fates withTargetRowsBefore(long before, boolean filtered) {
      return new Fates(mode, inserted, updated, unchanged, skipped, conflicts,
          filtered ? null : Math.max(0, before - matched()), deleted);
    }

    /** These fates, with {@code more} rows deleted ({@code children: replace}). */
    public Fates plusDeleted(long more) {
      return new Fates(mode, inserted, updated, unchanged, skipped, conflicts, targetOnly,
          (deleted == null ? 0 : deleted) + more);
    }

    /** The sum of both, under this one's mode (target-only rows where both know them). */
    public Fates plus(Fates other) {
      return new Fates(mode, inserted + other.inserted, updated + other.updated,
          unchanged + other.unchanged, skipped + other.skipped, conflicts + other.conflicts,
          targetOnly == null || other.targetOnly == null ? null
              : targetOnly + other.targetOnly,
          deleted == null && other.deleted == null ? null
              : (deleted == null ? 0 : deleted) + (other.deleted == null ? 0 : other.deleted));
    }
  }

  /**
   * What a table's key policy did with the rows this attempt read (docs/merge.md, "Key
   * policies").
   *
   * @param policy {@code remap} or {@code match}
   * @param mapped rows the id map already held (an earlier run's), merged into their target rows
   * @param generated rows given a new key by the target (a dry run: rows that would be)
   * @param matched under {@code match}: rows paired with a target row by their natural key in
   *     this attempt, then merged into it; null under {@code remap}
   */
  public record Keys(String policy, long mapped, long generated, Long matched) {

    /** Counts of {@code remap}. */
    public Keys(String policy, long mapped, long generated) {
      this(policy, mapped, generated, null);
    }

    /** The sum of both. */
    public Keys plus(long moreMapped, long moreGenerated, long moreMatched) {
      return new Keys(policy, mapped + moreMapped, generated + moreGenerated,
          matched == null ? null : matched + moreMatched);
    }
  }

  /**
   * An orphan check after a load with relaxed checks.
   *
   * @param constraint {@code child.constraint}
   * @param orphans child rows whose reference has no parent
   * @param passed true when there are none
   */
  public record OrphanCheck(String constraint, long orphans, boolean passed) {}

  /**
   * @param rowsRead rows read in all
   * @param rowsWritten rows written in all
   * @param seconds wall time of the run
   * @param merge the fates of the merged tables' rows, summed; null when no table was merged
   * @param mergeAudit the per-row audit's file in the report directory ({@code
   *     merge-audit.jsonl}); null when no table was merged
   */
  public record Totals(long rowsRead, long rowsWritten, double seconds, Fates merge,
      String mergeAudit) {

    /** Totals of a run that merged no table. */
    public Totals(long rowsRead, long rowsWritten, double seconds) {
      this(rowsRead, rowsWritten, seconds, null, null);
    }
  }
}

package dev.ferry.api;

import dev.ferry.error.Redactor;
import java.util.List;
import java.util.Map;

/**
 * What {@code Ferry.verify} or {@code Ferry.verifyBundle} found: written as {@code
 * verification.json} (see docs/verification.md) and summarised on stdout. Everything except
 * {@code timing} is deterministic for the same data: lists are sorted, nothing depends on the
 * clock or on the order in which work finished.
 *
 * @param formatVersion version of this JSON shape
 * @param mode {@code databases} (source against target) or {@code bundle} (a bundle on its own)
 * @param source the source, credentials masked (the bundle, for {@code bundle})
 * @param target the target, credentials masked; null for {@code bundle}
 * @param encoding the canonical encoding the checksums are computed over
 * @param transformations what the comparison applied to source values (e.g. {@code user-map} →
 *     the map's fingerprint); empty when values were compared as they are
 * @param passed true when every rule passed
 * @param rules each rule, in a fixed order, with its failures
 * @param tables per compared table, sorted by source table name
 * @param orphans per foreign key and declared reference of the target, sorted
 * @param bundle the bundle's files, for {@code bundle}; null otherwise
 * @param notes what the reader should know (tables not compared, and why)
 * @param timing when, how long and how fast; kept apart from the compared parts
 */
public record VerificationReport(
    int formatVersion,
    String mode,
    String source,
    String target,
    String encoding,
    Map<String, String> transformations,
    boolean passed,
    List<Rule> rules,
    List<TableResult> tables,
    List<OrphanResult> orphans,
    BundleResult bundle,
    List<String> notes,
    Timing timing) {

  public static final int FORMAT_VERSION = 1;

  public VerificationReport {
    transformations = Map.copyOf(transformations);
    rules = List.copyOf(rules);
    tables = List.copyOf(tables);
    orphans = List.copyOf(orphans);
    // the notes and messages may quote a driver: no password gets into the proof through them
    notes = notes.stream().map(Redactor::scrub).toList();
  }

  /** The rule of that name, if it was checked. */
  public java.util.Optional<Rule> rule(String name) {
    return rules.stream().filter(r -> r.rule().equals(name)).findFirst();
  }

  /** The result of a source table, if it was compared. */
  public java.util.Optional<TableResult> table(String qualifiedName) {
    return tables.stream().filter(t -> t.table().equals(qualifiedName)).findFirst();
  }

  /**
   * One rule's verdict.
   *
   * @param rule its name (see docs/verification.md)
   * @param description what it checks, in one sentence
   * @param passed true when nothing failed
   * @param checked how many items (tables, columns, keys) it checked
   * @param failures each failed item, sorted by table and column
   */
  public record Rule(String rule, String description, boolean passed, int checked,
      List<Failure> failures) {
    public Rule {
      failures = List.copyOf(failures);
    }
  }

  /**
   * One failed item of a rule.
   *
   * @param table the table (source name), or null
   * @param column the column or constraint, or null
   * @param message what was expected and what was found
   */
  public record Failure(String table, String column, String message) {
    public Failure {
      message = Redactor.scrub(message);
    }
  }

  /**
   * One table's comparison.
   *
   * @param table the source table
   * @param target the target table
   * @param method {@code in-database} (hashed by the servers) or {@code streaming} (hashed by
   *     ferry from streamed rows)
   * @param key the columns rows are identified by; every column when the table has no key
   * @param keyed false when the table has no primary or non-null unique key (rows are then
   *     compared as a multiset)
   * @param rows row counts
   * @param checksum the table checksums (sum of row hashes)
   * @param passed true when counts, checksums and every column agree
   * @param columns per compared column, sorted by name
   * @param differences where rows differ; null when the table checksums agree. For a merged
   *     table, only the differences its merge promise does not accept; null when there are none
   * @param merge for a table a merge wrote into (a merge mode or key policy, as the copy was
   *     given it), the promise checked and the rows accepted under it; null otherwise
   */
  public record TableResult(String table, String target, String method, List<String> key,
      boolean keyed, Counts rows, Pair checksum, boolean passed, List<ColumnResult> columns,
      Differences differences, MergePromise merge) {
    public TableResult {
      key = List.copyOf(key);
      columns = List.copyOf(columns);
    }

    /** A table compared without a merge promise. */
    public TableResult(String table, String target, String method, List<String> key,
        boolean keyed, Counts rows, Pair checksum, boolean passed, List<ColumnResult> columns,
        Differences differences) {
      this(table, target, method, key, keyed, rows, checksum, passed, columns, differences, null);
    }
  }

  /**
   * What a merged table was held to (docs/verification.md, "Merged tables").
   *
   * @param mode the merge mode ({@code fail}, {@code skip}, {@code replace}, {@code update},
   *     {@code newer-wins}); {@code fail} for a table under a key policy without a mode
   * @param promise the promise checked, in words
   * @param accepted rows that differ from the source's, or that only the target has, which the
   *     promise accepts, by why: {@code kept target (newer)}, {@code kept target (tie)}, {@code
   *     kept target (skip, unchanged since the run)}, {@code target only (not written by the
   *     run)}; a reason with no row is left out
   * @param sourceRowsEqual source rows whose target row equals them
   */
  public record MergePromise(String mode, String promise, Map<String, Long> accepted,
      long sourceRowsEqual) {
    public MergePromise {
      accepted = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(accepted));
    }
  }

  /**
   * One column's comparison.
   *
   * @param name the source column's name
   * @param kind its kind (a {@code ValueKind})
   * @param remapped true for a reference column rewritten through the user map: its source
   *     checksum is that of the mapped values
   * @param nulls NULL counts
   * @param checksum checksums over the non-NULL values
   * @param unmapped source values the user map does not know (remapped columns only)
   * @param passed true when NULL counts and checksums agree (and every value was mapped)
   */
  public record ColumnResult(String name, String kind, boolean remapped, Counts nulls,
      Pair checksum, Long unmapped, boolean passed) {}

  /**
   * Two counts.
   *
   * @param source the source's
   * @param target the target's
   */
  public record Counts(long source, long target) {}

  /**
   * Two checksums, 16 lower-case hex digits each.
   *
   * @param source the source's
   * @param target the target's
   */
  public record Pair(String source, String target) {}

  /**
   * Where the rows of a table differ.
   *
   * @param ranges key ranges the table is cut into (by key hash)
   * @param rangesCompared range checksums compared while narrowing down
   * @param rangesDiffering ranges whose count or checksum differ
   * @param rowsFetched rows read back from both sides to list differences (the rest were
   *     compared by checksum only)
   * @param listed the first differences, at most {@code --max-diffs}, sorted by key
   * @param more true when there are differences beyond those listed
   */
  public record Differences(int ranges, int rangesCompared, int rangesDiffering,
      long rowsFetched, List<Difference> listed, boolean more) {
    public Differences {
      listed = List.copyOf(listed);
    }
  }

  /**
   * One differing row.
   *
   * @param kind {@code changed} (same key, other values), {@code missing} (in the source, not in
   *     the target), {@code extra} (in the target, not in the source), or, for a table merged
   *     with {@code skip}, {@code kept-altered} (a row the run kept whose target row is no longer
   *     as the run left it; its key as the audit prints it)
   * @param key the key's values in canonical text, in the order of the table's {@code key}
   * @param rows for a table without key, how many copies of this row are missing or extra
   * @param columns for {@code changed}: each differing column with both values
   * @param reason for a merged table, why its promise does not accept the row; null otherwise
   */
  public record Difference(String kind, List<String> key, Long rows, List<Cell> columns,
      String reason) {
    public Difference {
      key = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(key));
      columns = columns == null ? null : List.copyOf(columns);
    }

    /** A difference without a merge promise's reason. */
    public Difference(String kind, List<String> key, Long rows, List<Cell> columns) {
      this(kind, key, rows, columns, null);
    }
  }

  /**
   * One differing value, in canonical text (cut to 100 characters; NULL is written as {@code
   * null}).
   *
   * @param column the column
   * @param source the source's value (after the user map, for a remapped column)
   * @param target the target's value
   */
  public record Cell(String column,
      @com.fasterxml.jackson.annotation.JsonInclude(
          com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS) String source,
      @com.fasterxml.jackson.annotation.JsonInclude(
          com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS) String target) {}

  /**
   * One reference proven in the target: every non-NULL value has its parent.
   *
   * @param constraint {@code table.constraint} for a foreign key, {@code table.column} for a
   *     declared reference
   * @param kind {@code foreign-key}, {@code soft-reference} (declared in ferry.yaml) or {@code
   *     remapped-reference} (a rewritten reference; its values must exist in the identity table)
   * @param table the child table in the target
   * @param columns the referencing columns
   * @param parent the referenced table
   * @param parentColumns the referenced columns
   * @param orphans rows whose reference has no parent
   * @param listed the columns each entry of {@code keys} shows: the table's key, then the
   *     referencing columns
   * @param keys the first orphan rows, sorted by key (at most {@code --max-diffs})
   * @param passed true when there are no orphans
   */
  public record OrphanResult(String constraint, String kind, String table, List<String> columns,
      String parent, List<String> parentColumns, long orphans, List<String> listed,
      List<List<String>> keys, boolean passed) {
    public OrphanResult {
      columns = List.copyOf(columns);
      parentColumns = List.copyOf(parentColumns);
      listed = List.copyOf(listed);
      keys = List.copyOf(keys);
    }
  }

  /**
   * A bundle checked on its own.
   *
   * @param directory the bundle directory
   * @param tablesChecked data files examined
   * @param rowsChecked rows decoded
   * @param problems each problem found, in manifest order
   */
  public record BundleResult(String directory, int tablesChecked, long rowsChecked,
      List<BundleProblem> problems) {
    public BundleResult {
      problems = List.copyOf(problems);
    }
  }

  /**
   * One problem of a bundle.
   *
   * @param check {@code manifest}, {@code incomplete}, {@code missing-table}, {@code
   *     missing-file}, {@code size}, {@code sha256}, {@code content} or {@code rows}
   * @param table the table, or null for the manifest
   * @param file the file, relative to the bundle
   * @param message what was expected and what was found
   */
  public record BundleProblem(String check, String table, String file, String message) {
    public BundleProblem {
      message = Redactor.scrub(message);
    }
  }

  /**
   * How long it took; the only part that differs between two runs over the same data.
   *
   * @param startedAt ISO-8601 UTC
   * @param endedAt ISO-8601 UTC
   * @param seconds wall time
   * @param rowsRead rows hashed on both sides together
   * @param rowsPerSecond rows hashed per second of wall time
   * @param tables per table: seconds and rows per second
   */
  public record Timing(String startedAt, String endedAt, double seconds, long rowsRead,
      long rowsPerSecond, Map<String, TableTiming> tables) {
    public Timing {
      tables = Map.copyOf(tables);
    }
  }

  /**
   * One table's time.
   *
   * @param seconds wall time of its comparison
   * @param rowsRead rows hashed on both sides together
   * @param rowsPerSecond rows hashed per second
   * @param ranges the key ranges the table was hashed as, on each side at once; null when it
   *     was hashed whole
   */
  public record TableTiming(double seconds, long rowsRead, long rowsPerSecond, Integer ranges) {

    /** A table hashed whole. */
    public TableTiming(double seconds, long rowsRead, long rowsPerSecond) {
      this(seconds, rowsRead, rowsPerSecond, null);
    }
  }
}

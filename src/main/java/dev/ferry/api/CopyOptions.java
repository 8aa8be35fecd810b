package dev.ferry.api;

import dev.ferry.catalog.TableFilter;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a copy runs. Build with {@link #builder()}; {@code build()} checks rules that span fields.
 *
 * @param schemas source schemas to read; empty means the connection's current schema
 * @param filter tables to include or exclude
 * @param dryRun read and transform everything, write nothing
 * @param resume null for a new run; empty for the last unfinished run of the same plan on the
 *     target, else its last finished run (verified and reported again), or a new run when there
 *     is none; otherwise that run's id
 * @param batchSize rows per chunk: read, written and committed together with its checkpoint
 * @param parallel tables loaded at once, never breaking the load order
 * @param truncateTarget delete the target tables' rows before loading
 * @param allowTriggers load even when target triggers cannot be silenced
 * @param rowKeyChecks let the target check foreign keys row by row while loading; by default a
 *     principal that may silence them loads without and proves every key afterwards
 * @param keepIndexes keep secondary indexes while loading; by default a table empty when its
 *     load starts has its plain (non-unique, constraint-free) indexes dropped and re-created
 *     after the load, where the target engine allows it
 * @param gzip compress bundle data files
 * @param reportDir where run-report.json goes; null for {@code ferry-runs/<run id>}
 * @param lockTimeout how long a target session waits for a lock another session holds before
 *     the run fails saying who holds it; default {@link #DEFAULT_LOCK_TIMEOUT}
 * @param merge the merge mode of every keyed table ({@code --merge}); null: none, a target row
 *     with a source row's key refuses the run (docs/merge.md)
 * @param tableMerges merge modes and key policies of single tables ({@code tables:} in {@code
 *     ferry.yaml}), which take precedence over {@code merge} and {@code keys}
 * @param keys the key policy of every table ({@code --keys}); null: {@code preserve}
 * @param rowFilters the subsets of single tables a run reads ({@code where:} and {@code
 *     keys-file:} under {@code tables:} in {@code ferry.yaml}); empty: every row
 * @param casts {@code ferry.yaml}'s cast rules: their {@code zero-dates:} settings apply to
 *     every copy (their types to {@code --create-schema}); empty: none
 * @param files the files single tables' rows point to, copied with them ({@code files:} under
 *     {@code tables:}, docs/files.md); empty: none
 * @param splitRows a table whose source estimate reaches this many rows, keyed by one integer
 *     column, loads as key ranges over several connections at once ({@code --split-rows},
 *     docs/copy.md); 0 never splits. Default {@link #DEFAULT_SPLIT_ROWS} ({@link
 *     #CHECKED_SPLIT_ROWS} into PostgreSQL where it checks each row's foreign keys)
 * @param prevails the tables whose source rows changed since a sync job's last cycle prevail
 *     over the target's rows under {@code newer-wins} (a job of both directions whose {@code
 *     winner:} is the side read, docs/sync.md); empty: none
 */
public record CopyOptions(
    List<String> schemas,
    TableFilter filter,
    boolean dryRun,
    String resume,
    int batchSize,
    int parallel,
    boolean truncateTarget,
    boolean allowTriggers,
    boolean rowKeyChecks,
    boolean keepIndexes,
    boolean gzip,
    Path reportDir,
    java.time.Duration lockTimeout,
    MergeMode merge,
    List<TableMerge> tableMerges,
    KeyPolicy keys,
    List<RowFilter> rowFilters,
    List<CastRule> casts,
    List<FileRule> files,
    long splitRows,
    List<Prevail> prevails) {

  /** Default rows from which a table loads as key ranges (docs/perf.md measures it). */
  public static final long DEFAULT_SPLIT_ROWS = 1_000_000;
  /** The default instead where PostgreSQL checks each row's foreign keys as it loads. */
  public static final long CHECKED_SPLIT_ROWS = 200_000;

  /** Default wait for a lock on a target table: a minute. */
  public static final java.time.Duration DEFAULT_LOCK_TIMEOUT = java.time.Duration.ofSeconds(60);

  /** Default rows per chunk. */
  public static final int DEFAULT_BATCH_SIZE = 10_000;
  /**
   * Default tables loaded at once: the processors, at least 2 (one table's rows are read while
   * another's are written) and at most 4 (the servers' cores are the limit beyond).
   */
  public static final int DEFAULT_PARALLEL =
      Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

  public CopyOptions {
    schemas = List.copyOf(schemas);
    filter = filter == null ? TableFilter.all() : filter;
    lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
    tableMerges = tableMerges == null ? List.of() : List.copyOf(tableMerges);
    rowFilters = rowFilters == null ? List.of() : List.copyOf(rowFilters);
    casts = casts == null ? List.of() : List.copyOf(casts);
    files = files == null ? List.of() : List.copyOf(files);
    prevails = prevails == null ? List.of() : List.copyOf(prevails);
  }

  /** These options resuming run {@code run} (a step of it run elsewhere, docs/spark.md). */
  public CopyOptions resuming(String run) {
    return new CopyOptions(schemas, filter, dryRun, run, batchSize, parallel, truncateTarget,
        allowTriggers, rowKeyChecks, keepIndexes, gzip, reportDir, lockTimeout, merge,
        tableMerges, keys, rowFilters, casts, files, splitRows, prevails);
  }

  /** Options without files. */
  public CopyOptions(List<String> schemas, TableFilter filter, boolean dryRun, String resume,
      int batchSize, int parallel, boolean truncateTarget, boolean allowTriggers,
      boolean rowKeyChecks, boolean keepIndexes, boolean gzip, Path reportDir,
      java.time.Duration lockTimeout, MergeMode merge, List<TableMerge> tableMerges,
      KeyPolicy keys, List<RowFilter> rowFilters, List<CastRule> casts) {
    this(schemas, filter, dryRun, resume, batchSize, parallel, truncateTarget, allowTriggers,
        rowKeyChecks, keepIndexes, gzip, reportDir, lockTimeout, merge, tableMerges, keys,
        rowFilters, casts, List.of(), DEFAULT_SPLIT_ROWS, List.of());
  }

  /**
   * The subset of one table's rows a run reads (docs/configuration.md, {@code tables:}).
   *
   * @param table the table's name as {@code --include} takes it, qualified or not (no globs)
   * @param condition a SQL condition on the source table's columns, checked to be one boolean
   *     expression; null when the entry gives none
   * @param keysFile a CSV file of the keys whose rows are eligible, one key per line (columns in
   *     key order); null when the entry gives none
   * @param where where the condition (or else the entry) was given, for messages: {@code
   *     ferry.yaml:12}
   * @param keysFileWhere where the keys file was given; null without one
   * @param changedOnly whether the condition only leaves out rows a sync cycle knows unchanged
   *     since its last cycle (its watermark or hash ranges, docs/sync.md): their parents are in
   *     the target from earlier cycles, so the preflight does not look the references of the
   *     rows it carries up there
   */
  public record RowFilter(String table, String condition, Path keysFile, String where,
      String keysFileWhere, boolean changedOnly) {

    /** A filter the user gave. */
    public RowFilter(String table, String condition, Path keysFile, String where,
        String keysFileWhere) {
      this(table, condition, keysFile, where, keysFileWhere, false);
    }

    /** Whether the entry names a table, as --include would (qualified or not, any case). */
    public boolean names(dev.ferry.catalog.TableName name) {
      String subject = table.contains(".") ? name.qualified() : name.name();
      return subject.equalsIgnoreCase(table);
    }
  }

  /**
   * One table's merge mode and key policy, as {@code ferry.yaml} gives them.
   *
   * @param table the table's name as {@code --include} takes it, qualified or not (no globs)
   * @param mode its merge mode; null when the entry gives none
   * @param where where it was given, for messages: {@code ferry.yaml:12}
   * @param keys its key policy; null when the entry gives none
   * @param newerBy the version column of {@link MergeMode#NEWER_WINS} ({@code newer-by}); null
   *     for other modes
   * @param newerWhere where {@code newer-by} was given; null with it
   * @param naturalKey the natural key of {@code keys: match}; null otherwise
   * @param children what becomes of target child rows the source lacks ({@code children:});
   *     null when the entry does not say
   * @param softReferences the columns of other tables that hold this table's keys without a
   *     foreign key, rewritten like its foreign keys under {@code keys: remap} or {@code match}
   */
  public record TableMerge(String table, MergeMode mode, String where, KeyPolicy keys,
      String newerBy, String newerWhere, NaturalKey naturalKey, Children children,
      List<SoftReference> softReferences) {

    public TableMerge {
      softReferences = softReferences == null ? List.of() : List.copyOf(softReferences);
    }

    /** An entry without {@code children:} and soft references. */
    public TableMerge(String table, MergeMode mode, String where, KeyPolicy keys,
        String newerBy, String newerWhere, NaturalKey naturalKey) {
      this(table, mode, where, keys, newerBy, newerWhere, naturalKey, null, List.of());
    }

    /** An entry that gives a merge mode only. */
    public TableMerge(String table, MergeMode mode, String where) {
      this(table, mode, where, null, null, null, null);
    }

    /** An entry that gives a merge mode and a key policy other than {@code match}. */
    public TableMerge(String table, MergeMode mode, String where, KeyPolicy keys) {
      this(table, mode, where, keys, null, null, null);
    }
  }

  /**
   * A column that holds another table's keys without a foreign key ({@code soft-references:}).
   *
   * @param column {@code table.column} or {@code schema.table.column}
   * @param where where it was given, for messages: {@code ferry.yaml:14}
   */
  public record SoftReference(String column, String where) {}

  /**
   * The columns {@code keys: match} pairs a table's rows by, and how their text is normalised
   * before it is compared (docs/merge.md, "match").
   *
   * @param columns the natural key's columns, as the source names them (any letter case)
   * @param trim leading and trailing white space is not compared
   * @param lowerCase letter case is not compared
   */
  public record NaturalKey(List<String> columns, boolean trim, boolean lowerCase) {
    public NaturalKey {
      columns = List.copyOf(columns);
    }
  }

  /** A builder with the defaults: new run, batches of 10,000, {@link #DEFAULT_PARALLEL} tables. */
  public static Builder builder() {
    return new Builder();
  }

  /** Fluent builder for {@link CopyOptions}. */
  public static final class Builder {
    private List<String> schemas = new ArrayList<>();
    private TableFilter filter = TableFilter.all();
    private boolean dryRun;
    private String resume;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int parallel = DEFAULT_PARALLEL;
    private boolean truncateTarget;
    private boolean allowTriggers;
    private boolean rowKeyChecks;
    private boolean keepIndexes;
    private java.time.Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private boolean gzip;
    private Path reportDir;
    private MergeMode merge;
    private List<TableMerge> tableMerges = List.of();
    private KeyPolicy keys;
    private List<RowFilter> rowFilters = List.of();
    private List<CastRule> casts = List.of();
    private List<FileRule> files = List.of();
    private long splitRows = DEFAULT_SPLIT_ROWS;
    private List<Prevail> prevails = List.of();

    /** The files single tables' rows point to; empty (the default) for none. */
    public Builder files(List<FileRule> value) {
      files = value;
      return this;
    }

    /** {@code ferry.yaml}'s cast rules; empty (the default) for none. */
    public Builder casts(List<CastRule> value) {
      casts = value;
      return this;
    }

    /** The subsets of single tables to read; empty (the default) for every row. */
    public Builder rowFilters(List<RowFilter> value) {
      rowFilters = value;
      return this;
    }

    /** The key policy of every table; null (the default) for {@code preserve}. */
    public Builder keys(KeyPolicy value) {
      keys = value;
      return this;
    }

    /** The merge mode of every keyed table; null (the default) for none. */
    public Builder merge(MergeMode value) {
      merge = value;
      return this;
    }

    /** Merge modes of single tables, over {@link #merge}. */
    public Builder tableMerges(List<TableMerge> value) {
      tableMerges = value;
      return this;
    }

    public Builder schemas(List<String> value) {
      schemas = value;
      return this;
    }

    public Builder filter(TableFilter value) {
      filter = value;
      return this;
    }

    public Builder dryRun(boolean value) {
      dryRun = value;
      return this;
    }

    public Builder resume(String value) {
      resume = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** See {@link CopyOptions#prevails}. */
    public Builder prevails(List<Prevail> value) {
      prevails = value;
      return this;
    }

    /** See {@link CopyOptions#splitRows}; 0 never splits. */
    public Builder splitRows(long value) {
      splitRows = value;
      return this;
    }

    public Builder parallel(int value) {
      parallel = value;
      return this;
    }

    public Builder truncateTarget(boolean value) {
      truncateTarget = value;
      return this;
    }

    public Builder rowKeyChecks(boolean value) {
      rowKeyChecks = value;
      return this;
    }

    public Builder keepIndexes(boolean value) {
      keepIndexes = value;
      return this;
    }

    public Builder allowTriggers(boolean value) {
      allowTriggers = value;
      return this;
    }

    public Builder gzip(boolean value) {
      gzip = value;
      return this;
    }

    /** How long to wait for a lock on a target table (at least a millisecond). */
    public Builder lockTimeout(java.time.Duration value) {
      lockTimeout = value;
      return this;
    }

    public Builder reportDir(Path value) {
      reportDir = value;
      return this;
    }

    /**
     * @throws FerryException {@link ErrorCode#USAGE} when values contradict each other
     */
    public CopyOptions build() {
      if (batchSize < 1 || batchSize > 1_000_000) {
        throw new FerryException(ErrorCode.USAGE, "--batch-size must be between 1 and 1000000,"
            + " not " + batchSize);
      }
      if (parallel < 1 || parallel > 64) {
        throw new FerryException(ErrorCode.USAGE, "--parallel must be between 1 and 64, not "
            + parallel);
      }
      if (splitRows < 0) {
        throw new FerryException(ErrorCode.USAGE, "--split-rows must be 0 (never split) or a"
            + " number of rows, not " + splitRows);
      }
      if (resume != null && truncateTarget) {
        throw new FerryException(ErrorCode.USAGE, "--resume continues a run; --truncate-target"
            + " would delete what it wrote. Leave one out.");
      }
      if (lockTimeout == null || lockTimeout.toMillis() < 1) {
        throw new FerryException(ErrorCode.USAGE, "--lock-timeout must be at least 1ms, not "
            + lockTimeout);
      }
      if (merge != null && truncateTarget) {
        throw new FerryException(ErrorCode.USAGE, "--merge " + merge.label() + " writes into"
            + " the rows a target holds; --truncate-target deletes them first. Leave one out.");
      }
      return new CopyOptions(schemas, filter, dryRun, resume, batchSize, parallel,
          truncateTarget, allowTriggers, rowKeyChecks, keepIndexes, gzip, reportDir,
          lockTimeout, merge, tableMerges, keys, rowFilters, casts, files, splitRows, prevails);
    }
  }
}

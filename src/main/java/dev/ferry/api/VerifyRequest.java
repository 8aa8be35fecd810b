package dev.ferry.api;

import dev.ferry.catalog.TableFilter;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code Ferry.verify} compares and where it writes. Build with {@link #builder}; {@code
 * build()} checks rules that span fields.
 *
 * @param from the source: a database or a bundle
 * @param to the target: a database or a bundle
 * @param schemas source schemas to read; empty means the connection's current schema (the target
 *     is read in the schemas of the same names, or its current one)
 * @param filter tables to include or exclude, on both sides
 * @param usersMap the user map the copy applied ({@code user-map.csv}), or null when references
 *     were copied as they were
 * @param identity the {@code identity:} section of ferry.yaml (identity table, key, soft
 *     references), or null; required with a user map
 * @param maxDiffs differing rows listed per table, and orphan rows per reference
 * @param streaming hash every table in ferry, even where both servers could hash it themselves
 *     (the default; false is {@code --in-database})
 * @param batchSize rows per chunk while streaming
 * @param outDir where {@code verification.json} goes; null writes nothing
 * @param rowFilters the subsets a copy read ({@code where:} under {@code tables:} in {@code
 *     ferry.yaml}): each condition selects the rows compared on both sides
 * @param merge the merge mode the copy was given for every keyed table ({@code --merge}); null
 *     for none
 * @param keys the key policy the copy was given for every table ({@code --keys}); null for none
 * @param tableMerges the merge modes, version columns and key policies of single tables ({@code
 *     tables:} in {@code ferry.yaml}), over {@code merge} and {@code keys}
 * @param audit the copy's {@code merge-audit.jsonl}: the evidence a {@code skip} merge is proven
 *     with; null for none
 * @param casts {@code ferry.yaml}'s cast rules: where one says {@code zero-dates: null}, the
 *     source's zero dates are compared as the NULL the copy wrote
 * @param files {@code ferry.yaml}'s {@code files:} entries: each row's file is checked in the
 *     target store against the source's, and the target stores' orphans are listed
 *     (docs/files.md)
 * @param parallel key ranges of a large table hashed at once on each side, each on its own
 *     connection ({@code --parallel}); default {@link CopyOptions#DEFAULT_PARALLEL}
 * @param splitRows a table whose source estimate reaches this many rows, keyed by one integer
 *     column, is hashed as key ranges ({@code --split-rows}, as for {@code copy}); 0 never splits.
 *     Default {@link CopyOptions#DEFAULT_SPLIT_ROWS}
 *
 * <p>A request is {@link java.io.Serializable} for a runner that digests the key ranges of
 * {@code dev.ferry.verify.VerifyUnits} elsewhere (a Spark task): its serialized form carries the
 * endpoints with their passwords, so ship it only where the credentials may go. Only a request
 * that {@code VerifyUnits} accepts can be serialized (database endpoints, no user map, row
 * filters, merges, audit or files); any other fails with a {@link
 * java.io.NotSerializableException} that says which feature stands in the way.
 */
public record VerifyRequest(
    Endpoint from,
    Endpoint to,
    List<String> schemas,
    TableFilter filter,
    Path usersMap,
    IdentityConfig identity,
    int maxDiffs,
    boolean streaming,
    int batchSize,
    Path outDir,
    List<CopyOptions.RowFilter> rowFilters,
    MergeMode merge,
    KeyPolicy keys,
    List<CopyOptions.TableMerge> tableMerges,
    Path audit,
    List<CastRule> casts,
    List<FileRule> files,
    int parallel,
    long splitRows) implements java.io.Serializable {

  /** Default differing rows listed per table. */
  public static final int DEFAULT_MAX_DIFFS = 20;

  public VerifyRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    schemas = List.copyOf(schemas);
    filter = filter == null ? TableFilter.all() : filter;
    rowFilters = rowFilters == null ? List.of() : List.copyOf(rowFilters);
    tableMerges = tableMerges == null ? List.of() : List.copyOf(tableMerges);
    casts = casts == null ? List.of() : List.copyOf(casts);
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** A builder with the defaults: 20 differences listed, batches of 10,000 rows. */
  public static Builder builder(Endpoint from, Endpoint to) {
    return new Builder(from, to);
  }

  /** Fluent builder for {@link VerifyRequest}. */
  public static final class Builder {
    private final Endpoint from;
    private final Endpoint to;
    private List<String> schemas = new ArrayList<>();
    private TableFilter filter = TableFilter.all();
    private Path usersMap;
    private IdentityConfig identity;
    private int maxDiffs = DEFAULT_MAX_DIFFS;
    private boolean streaming = true;
    private int batchSize = CopyOptions.DEFAULT_BATCH_SIZE;
    private Path outDir;
    private List<CopyOptions.RowFilter> rowFilters = List.of();
    private MergeMode merge;
    private KeyPolicy keys;
    private List<CopyOptions.TableMerge> tableMerges = List.of();
    private Path audit;
    private List<CastRule> casts = List.of();
    private List<FileRule> files = List.of();
    private int parallel = CopyOptions.DEFAULT_PARALLEL;
    private long splitRows = CopyOptions.DEFAULT_SPLIT_ROWS;

    private Builder(Endpoint from, Endpoint to) {
      this.from = from;
      this.to = to;
    }

    public Builder schemas(List<String> value) {
      schemas = value;
      return this;
    }

    public Builder filter(TableFilter value) {
      filter = value;
      return this;
    }

    public Builder usersMap(Path value) {
      usersMap = value;
      return this;
    }

    public Builder identity(IdentityConfig value) {
      identity = value;
      return this;
    }

    public Builder maxDiffs(int value) {
      maxDiffs = value;
      return this;
    }

    public Builder streaming(boolean value) {
      streaming = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** The subsets a copy read; empty (the default) compares every row. */
    public Builder rowFilters(List<CopyOptions.RowFilter> value) {
      rowFilters = value;
      return this;
    }

    /** The merge mode the copy was given for every keyed table; null (the default) for none. */
    public Builder merge(MergeMode value) {
      merge = value;
      return this;
    }

    /** The key policy the copy was given for every table; null (the default) for none. */
    public Builder keys(KeyPolicy value) {
      keys = value;
      return this;
    }

    /** The {@code tables:} entries of ferry.yaml the copy was given. */
    public Builder tableMerges(List<CopyOptions.TableMerge> value) {
      tableMerges = value;
      return this;
    }

    /** The copy's merge audit: the file, or the report directory holding it. */
    public Builder audit(Path value) {
      audit = value;
      return this;
    }

    /** {@code ferry.yaml}'s cast rules (their {@code zero-dates:}); empty by default. */
    public Builder casts(List<CastRule> value) {
      casts = value;
      return this;
    }

    /** {@code ferry.yaml}'s {@code files:} entries; empty by default. */
    public Builder files(List<FileRule> value) {
      files = value;
      return this;
    }

    /** Key ranges hashed at once on each side; see {@link VerifyRequest#parallel}. */
    public Builder parallel(int value) {
      parallel = value;
      return this;
    }

    /** See {@link VerifyRequest#splitRows}; 0 never splits. */
    public Builder splitRows(long value) {
      splitRows = value;
      return this;
    }

    public Builder outDir(Path value) {
      outDir = value;
      return this;
    }

    /**
     * @throws FerryException {@link ErrorCode#USAGE} when values contradict each other, {@link
     *     ErrorCode#CONFIGURATION} for a user map without an identity section, or a {@code skip}
     *     merge without its audit (or an audit that is not there)
     */
    public VerifyRequest build() {
      if (maxDiffs < 1 || maxDiffs > 10_000) {
        throw new FerryException(ErrorCode.USAGE, "--max-diffs must be between 1 and 10000, not "
            + maxDiffs);
      }
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
      if (usersMap != null && identity == null) {
        throw new FerryException(ErrorCode.CONFIGURATION, "--users-map needs the identity"
            + " section of ferry.yaml (identity: table, key, soft-references) to know which"
            + " columns hold user references. Add it, or pass --config FILE.");
      }
      Path auditFile = MergeEvidence.check(merge, tableMerges, audit);
      return new VerifyRequest(from, to, schemas, filter, usersMap, identity, maxDiffs,
          streaming, batchSize, outDir, rowFilters, merge, keys, tableMerges, auditFile,
          casts, files, parallel, splitRows);
    }
  }

  /**
   * What stands in the way of verifying this request through key-range units digested
   * elsewhere (a feature whose rows or rules a unit's digest does not carry); null when nothing
   * does.
   */
  public String unitsRefusal() {
    if (!(from instanceof Endpoint.Database) || !(to instanceof Endpoint.Database)) {
      return "both endpoints must be databases (a bundle is verified by ferry verify itself)";
    }
    if (usersMap != null) {
      return "a user map (--users-map) rewrites references while they are hashed";
    }
    if (!rowFilters.isEmpty()) {
      return "row filters (where: and keys-file: in ferry.yaml) select rows on both sides";
    }
    if (merge != null || keys != null || !tableMerges.isEmpty() || audit != null) {
      return "merged tables (--merge, --keys, tables: in ferry.yaml, --audit) are held to their"
          + " promises row by row";
    }
    if (!files.isEmpty()) {
      return "files: rules read the stores the rows point to";
    }
    if (!streaming) {
      return "--in-database hashes inside PostgreSQL, not by key range";
    }
    return null;
  }

  /** Serializes the request's {@link SerialForm} (paths as text), or refuses it. */
  private Object writeReplace() throws java.io.ObjectStreamException {
    String refusal = unitsRefusal();
    if (refusal != null) {
      throw new java.io.NotSerializableException("this verify request cannot be sent to a"
          + " runner of key-range units: " + refusal);
    }
    return new SerialForm(((Endpoint.Database) from).spec(), ((Endpoint.Database) to).spec(),
        schemas, filter.include(), filter.exclude(), filter.views(), identity, maxDiffs,
        batchSize, outDir == null ? null : outDir.toString(), casts, parallel, splitRows);
  }

  /** The serialized form of a request {@code VerifyUnits} accepts. */
  private record SerialForm(ConnectionSpec from, ConnectionSpec to, List<String> schemas,
      List<String> include, List<String> exclude, boolean views, IdentityConfig identity,
      int maxDiffs, int batchSize, String outDir, List<CastRule> casts, int parallel,
      long splitRows) implements java.io.Serializable {

    private Object readResolve() {
      return new VerifyRequest(new Endpoint.Database(from), new Endpoint.Database(to), schemas,
          new TableFilter(include, exclude, views), null, identity, maxDiffs, true, batchSize,
          outDir == null ? null : Path.of(outDir), List.of(), null, null, List.of(), null,
          casts, List.of(), parallel, splitRows);
    }
  }
}

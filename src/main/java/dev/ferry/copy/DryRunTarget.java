package dev.ferry.copy;

import dev.ferry.api.Endpoint;
import dev.ferry.api.RunReport;
import dev.ferry.api.RunReport.Fates;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import dev.ferry.rows.TargetWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Counts what would be written and writes nothing: the target of {@code --dry-run}. */
final class DryRunTarget implements TargetWriter {

  private final String description;
  private final Endpoint to;
  private final Dialect dialect;
  private final MergePlan merges;
  private final long lockTimeoutMillis;

  /**
   * @param to the target the run would write; a database's merged tables are read from it,
   *     so that the dry run reports the fates the real run gives their rows
   * @param dialect the target's; null when it is no database
   */
  DryRunTarget(Endpoint to, Dialect dialect, MergePlan merges, long lockTimeoutMillis) {
    this(to.describe(), to, dialect, merges, lockTimeoutMillis);
  }

  /** A dry run that merges nothing. */
  DryRunTarget(String description) {
    this(description, null, null, MergePlan.NONE, 0);
  }

  private DryRunTarget(String description, Endpoint to, Dialect dialect, MergePlan merges,
      long lockTimeoutMillis) {
    this.description = description;
    this.to = to;
    this.dialect = dialect;
    this.merges = merges;
    this.lockTimeoutMillis = lockTimeoutMillis;
  }

  @Override
  public String describe() {
    return description + " (dry run: nothing written)";
  }

  @Override
  public Optional<String> unfinishedRun(String planFingerprint) {
    return Optional.empty();
  }

  @Override
  public Optional<String> planOf(String runId) {
    return Optional.empty();
  }

  @Override
  public Map<String, Checkpoint> checkpoints(String runId) {
    return Map.of();
  }

  @Override
  public void beginRun(RunHeader run) {}

  @Override
  public void verifyDone(TablePlan table, Checkpoint checkpoint) {}

  /** What the children sweeps of units not opened yet would have deleted. */
  private final Map<String, MergeProgress.Saved> swept = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void sweepChildren(TablePlan table, java.util.function.Function<TablePlan,
      dev.ferry.rows.ChunkCursor> read) {
    ChildrenSweep sweep = merges.sweep(table.unit());
    if (sweep == null || !(to instanceof Endpoint.Database db)) {
      return;
    }
    try (Connection c = Connections.open(db.spec(), dialect, true, lockTimeoutMillis)) {
      swept.put(table.unit(), sweep.preview(c, read, merges.audit(),
          merges.remap().isEmpty() ? null : idMap(c)));
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "reading the rows of " + table.unit()
          + " that the source lacks on " + description + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public TableWriter open(TablePlan table, Checkpoint from) {
    MergeRows merge = merges.ledgerRows(table);
    if (merge != null && to instanceof Endpoint.Database db) {
      Connection c = Connections.open(db.spec(), dialect, true, lockTimeoutMillis);
      MergeLedger ledger = new MergeLedger(merge, table.unit(), merges.audit(), null, null,
          swept.remove(table.unit()));
      return new Classifying(table, ledger, c, merges.remap().touches(table)
          ? new RemapRows(table, merges.remap(), idMap(c), null, true) : null);
    }
    return new TableWriter() {
      @Override
      public void write(Chunk chunk) {
        if (chunk.afterMerge() != null) {
          chunk.afterMerge().decided(new boolean[chunk.size()]);
        }
      }

      @Override
      public void finish() {}

      @Override
      public void close() {}
    };
  }

  @Override
  public void endRun(RunHeader run, String status) {}

  @Override
  public void close() {}

  /** The target's id map, read only; one that does not exist yet maps nothing. */
  private IdMap idMap(Connection c) {
    try {
      TableName table = IdMap.table(dialect, c);
      return new IdMap(dialect, table, new StateStore(dialect, c).exists(c, table));
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "reading ferry's id map on " + description
          + " failed: " + e.getMessage(), e);
    }
  }

  /** A merged table's writer: classifies every chunk against the target, writes nothing. */
  private final class Classifying implements TableWriter {
    private final TablePlan table;
    private final MergeLedger merge;
    private final Connection connection;
    /**
     * The rows the target table holds, as the real run counts them when it opens the table:
     * after its children sweep, so less the rows that sweep would delete.
     */
    private final long rowsBefore;
    /** The unit's rows through the id map, read only; null when it touches no remap. */
    private final RemapRows remap;
    private RunReport.Keys keys;

    Classifying(TablePlan table, MergeLedger merge, Connection connection, RemapRows remap) {
      this.table = table;
      this.merge = merge;
      this.remap = remap;
      this.keys = remap != null && remap.remapsKeys() ? remap.keys() : null;
      this.connection = connection;
      try {
        Long swept = merge.fates().deleted();
        this.rowsBefore = merge.rows().count(connection) - (swept == null ? 0 : swept);
      } catch (SQLException e) {
        close();
        throw new FerryException(ErrorCode.UNEXPECTED, "counting the rows of " + table.target()
            + " on " + description + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void write(Chunk chunk) {
      try {
        List<Object[]> rows = chunk.rows();
        if (remap != null) {
          rows = rows.stream().map(Object[]::clone).toList();
        }
        MergeRows.Classified classified;
        if (remap != null && remap.remapsKeys()) {
          RemapRows.Written w = remap.preview(connection, rows);
          classified = w.merged();
          keys = keys.plus(w.mapped(), w.generated(), w.matched());
        } else {
          if (remap != null) {
            remap.translate(connection, rows);
          }
          classified = merge.classify(connection, rows);
        }
        merge.record(connection, classified);
        merge.committed();
        if (chunk.afterMerge() != null) {
          chunk.afterMerge().decided(MergeRows.keptTarget(rows, classified));
        }
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.UNEXPECTED, "reading the target's rows of "
            + table.target() + " on " + description + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public Fates fates() {
      return merge.fates().withTargetRowsBefore(rowsBefore, table.rowFilter() != null);
    }

    @Override
    public RunReport.Keys keys() {
      return keys;
    }

    @Override
    public void finish() {}

    @Override
    public void close() {
      merge.close();
      try {
        connection.close();
      } catch (SQLException ignored) {
        // a read-only session: nothing to keep
      }
    }
  }
}

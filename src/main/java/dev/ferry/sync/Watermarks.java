package dev.ferry.sync;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.SyncJob;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cycle's watermarks (docs/sync.md, "Watermarks"): for each table the job reads by a
 * watermark column, the condition that limits its read to the rows changed since the last
 * successful cycle (the column greater than that cycle's mark less the overlap), and the mark
 * this cycle will leave: the column's maximum on the source before it reads, so that a row
 * changed while it reads is read again by the next cycle.
 */
final class Watermarks {

  static final Set<String> NUMBERS = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT",
      "DECIMAL", "NUMERIC", "REAL", "FLOAT", "DOUBLE");
  private static final Set<String> TIMES = Set.of("DATE", "TIMESTAMP",
      "TIMESTAMP_WITH_TIMEZONE");

  /** A table's mark: the source's maximum of its watermark column, as the source wrote it. */
  record Mark(String table, String column, String value) {}

  /**
   * What a cycle reads and leaves.
   *
   * @param rowFilters the job's row filters with each watermark's condition added
   * @param next the marks to record when the cycle ends done
   * @param last the marks the last cycle done left, by table (empty without watermarks)
   */
  record Plan(List<CopyOptions.RowFilter> rowFilters, List<Mark> next,
      Map<String, String> last) {}

  private Watermarks() {}

  /**
   * The job's plan: every watermark column checked on the source, the last marks read from the
   * target's state schema.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a watermark on no table of the
   *     job, a column the table lacks or one whose type does not order, with its file and line
   */
  static Plan plan(SyncJob job, CycleCatalogs catalogs) throws SQLException {
    if (job.watermarks().isEmpty()) {
      return new Plan(job.rowFilters(), List.of(), Map.of());
    }
    Map<String, String> last = CycleLog.marks(job.target(), job.name());
    Dialect dialect = Dialects.forUrl(job.source().url());
    List<CopyOptions.RowFilter> filters = new ArrayList<>(job.rowFilters());
    List<Mark> next = new ArrayList<>();
    try (Connection c = Connections.open(job.source(), dialect, true)) {
      Catalog catalog = catalogs.source();
      for (SyncJob.Watermark w : job.watermarks()) {
        Table table = catalog.tables().stream().filter(t -> w.names(t.name())).findFirst()
            .orElseThrow(() -> refused(job, w, "names no table the job copies; it copies "
                + String.join(", ", catalog.tables().stream().map(t -> t.name().qualified())
                    .toList())));
        Column column = table.columns().stream()
            .filter(col -> col.name().equalsIgnoreCase(w.column())).findFirst()
            .orElseThrow(() -> refused(job, w, "column '" + w.column() + "' is not a column of "
                + table.name().qualified() + " (" + String.join(", ", table.columns().stream()
                    .map(Column::name).toList()) + ")"));
        boolean number = NUMBERS.contains(column.jdbcType());
        if (!number && !TIMES.contains(column.jdbcType())) {
          throw refused(job, w, "column " + column.name() + " is " + column.type() + ", which does"
              + " not order changes: give a timestamp, date or number column that every change"
              + " of a row raises (updated_at, a version)");
        }
        if (number ? w.overlapTime() != null : w.overlapNumber() != null) {
          throw refused(job, w, "watermark-overlap must be " + (number ? "a number" : "a duration")
              + " for the " + column.type() + " column " + column.name());
        }
        String quoted = dialect.quote(column.name());
        String max = SqlQueries.scalar(c, "SELECT " + dialect.asText("MAX(" + quoted + ")")
            + " FROM " + dialect.qualify(table.name()));
        String key = table.name().qualified();
        if (max != null) {
          next.add(new Mark(key, column.name(), max));
        }
        String mark = last.get(key);
        if (mark != null) {
          String lower = number ? MarkValues.numberBelow(mark, w.overlapNumber())
              : MarkValues.timeBefore(mark, w.overlapTime() == null
                  ? SyncJob.Watermark.DEFAULT_OVERLAP : w.overlapTime());
          add(filters, table.name(), new CopyOptions.RowFilter(w.table(), quoted + " > "
              + lower, null, w.where(), null, true));
        }
      }
    }
    return new Plan(filters, next, last);
  }

  /**
   * The condition ANDed to the table's own filter, if it has one (whose references are then
   * checked as any filter's); else added.
   */
  static void add(List<CopyOptions.RowFilter> filters, TableName table,
      CopyOptions.RowFilter mark) {
    for (int i = 0; i < filters.size(); i++) {
      CopyOptions.RowFilter own = filters.get(i);
      if (own.names(table)) {
        filters.set(i, new CopyOptions.RowFilter(own.table(), own.condition() == null
            ? mark.condition() : "(" + own.condition() + ") AND (" + mark.condition() + ")",
            own.keysFile(), own.where(), own.keysFileWhere()));
        return;
      }
    }
    filters.add(mark);
  }

  private static FerryException refused(SyncJob job, SyncJob.Watermark w, String why) {
    return new FerryException(ErrorCode.CONFIGURATION, w.where() + ": job '" + job.name()
        + "', tables." + w.table() + ".watermark: " + why + ".");
  }
}

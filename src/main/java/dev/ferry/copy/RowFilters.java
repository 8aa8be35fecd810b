package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The row filters of a run ({@code where:} under {@code tables:} in {@code ferry.yaml}): which
 * source table each condition selects rows of, and whether each runs on the source, both asked
 * before anything is written. A condition becomes part of its table's {@link TablePlan}, so of
 * every read of the table and of the plan's fingerprint.
 */
final class RowFilters {

  private RowFilters() {}

  /**
   * Per source table, its condition.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a condition on a bundle (which has
   *     no SQL to run it) or on a name that is no table of the source, with its file and line
   */
  static Map<TableName, String> conditions(CopyRequest request, Catalog source) {
    Map<TableName, String> conditions = new LinkedHashMap<>();
    for (CopyOptions.RowFilter f : request.options().rowFilters()) {
      if (f.condition() == null) {
        continue;
      }
      if (!(request.from() instanceof Endpoint.Database)) {
        throw new FerryException(ErrorCode.CONFIGURATION, f.where() + ": tables." + f.table()
            + ".where is a SQL condition, and the source " + request.from().describe()
            + " is no database to run it: filter the rows when the bundle is exported, or"
            + " leave where: out for this import.");
      }
      List<TableName> named = source.tables().stream().map(Table::name)
          .filter(f::names).toList();
      if (named.isEmpty()) {
        List<TableName> candidates = source.tables().stream().map(Table::name).toList();
        throw new FerryException(ErrorCode.CONFIGURATION, f.where() + ": tables: '" + f.table()
            + "' names no table this copy reads; " + (candidates.isEmpty() ? "it reads none"
                : TableFilter.closest(f.table(), candidates))
            + ". Check its spelling, or its schema and --include/--exclude.");
      }
      named.forEach(t -> conditions.put(t, f.condition()));
    }
    return conditions;
  }

  /**
   * Runs each planned table's condition on the source, reading no row ({@code SELECT 1 FROM
   * (filtered) WHERE 1 = 0}): a condition the source cannot run (an unknown column, a type it
   * cannot compare) is a problem naming where it was given and the driver's message, redacted.
   */
  static List<String> probe(CopyRequest request, List<TablePlan> tables) {
    Map<TableName, TablePlan> filtered = new HashMap<>();
    tables.stream().filter(t -> t.rowFilter() != null).forEach(t -> filtered.put(t.source(), t));
    if (filtered.isEmpty() || !(request.from() instanceof Endpoint.Database from)) {
      return List.of();
    }
    Dialect dialect = Dialects.forUrl(from.spec().url());
    List<String> problems = new ArrayList<>();
    try (Connection c = Connections.open(from.spec(), dialect, true)) {
      for (TablePlan t : filtered.values().stream()
          .sorted(java.util.Comparator.comparing(TablePlan::unit)).toList()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + t.sourceFrom(dialect)
            + " WHERE 1 = 0"); ResultSet rs = ps.executeQuery()) {
          rs.next();
        } catch (SQLException e) {
          problems.add(where(request, t) + ": tables." + t.source().name() + ".where does not run"
              + " on the source " + from.describe() + ": " + from.spec().redact(e.getMessage())
              + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]")
              + ". Write the condition in the source's SQL, on the columns of " + t.source()
              + " (" + t.columns().stream().map(col -> col.name())
                  .collect(Collectors.joining(", ")) + ").");
          rollback(c);
        }
      }
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "checking the row filters on "
          + from.describe() + " failed: " + from.spec().redact(e.getMessage()), e);
    }
    return problems;
  }

  /** Where the table's condition was given. */
  private static String where(CopyRequest request, TablePlan t) {
    return request.options().rowFilters().stream()
        .filter(f -> f.condition() != null && f.names(t.source()))
        .map(CopyOptions.RowFilter::where).reduce((a, b) -> b).orElse("ferry.yaml");
  }

  /** A failed statement aborts PostgreSQL's transaction; the next probe needs a new one. */
  private static void rollback(Connection c) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // the next probe reports its own failure
    }
  }
}

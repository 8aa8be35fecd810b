package dev.ferry.jdbc;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.dialect.Dialect;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the source tables a run may not read before it starts, by asking for no row of each
 * (see {@link JdbcSource#readProblems}), and says for each what was refused and the grant that
 * would allow it.
 */
final class ReadProbe {

  /** Tables whose read is checked by one statement (a UNION ALL of reads of no row). */
  private static final int PROBED_AT_ONCE = 100;

  private ReadProbe() {}

  /** One problem per table the source refuses to read, naming it; empty when all can be read. */
  static List<String> problems(ConnectionSpec spec, Dialect dialect, List<TablePlan> tables) {
    List<TablePlan> distinct = new ArrayList<>(new java.util.TreeMap<>(tables.stream().collect(
        Collectors.toMap(TablePlan::source, t -> t, (a, b) -> a))).values());
    List<String> problems = new ArrayList<>();
    try (Connection c = Connections.open(spec, dialect, true)) {
      for (int from = 0; from < distinct.size(); from += PROBED_AT_ONCE) {
        List<TablePlan> batch = distinct.subList(from,
            Math.min(distinct.size(), from + PROBED_AT_ONCE));
        if (probe(c, dialect, batch) == null) {
          continue;
        }
        for (TablePlan table : batch) {
          SQLException e = probe(c, dialect, List.of(table));
          if (e != null) {
            String principal = dialect.principal(c);
            String grant = dialect.grant("SELECT", table.source(), principal);
            problems.add("cannot read source table " + table.source() + " as " + principal
                + ": " + firstLine(spec.redact(e.getMessage()))
                + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]")
                + (grant == null ? "" : ". " + grant));
          }
        }
      }
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "checking what " + spec.describe()
          + " lets this run read failed: " + spec.redact(e.getMessage()), e);
    }
    return problems;
  }

  /** Reads no row of each table; returns why the server refused, or null. */
  private static SQLException probe(Connection c, Dialect dialect, List<TablePlan> tables) {
    List<String> reads = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      TablePlan table = tables.get(i);
      String columns = table.columns().isEmpty() ? "1 AS x" : table.columns().stream()
          .map(col -> dialect.quote(col.name())).collect(Collectors.joining(", "));
      reads.add("SELECT 1 AS x FROM (SELECT " + columns + " FROM "
          + dialect.fromClause(table.source(), table.ownRowsOnly()) + ") s" + i
          + " WHERE 1 = 0");
    }
    try (Statement s = c.createStatement()) {
      s.executeQuery(String.join(" UNION ALL ", reads)).close();
      return null;
    } catch (SQLException e) {
      return e;
    }
  }

  private static String firstLine(String text) {
    String t = String.valueOf(text);
    int newline = t.indexOf('\n');
    return (newline < 0 ? t : t.substring(0, newline)).strip();
  }
}

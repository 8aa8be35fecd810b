package dev.ferry.schema;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.OrphanSql;
import dev.ferry.schema.TighteningCandidates.Candidate;
import dev.ferry.schema.TighteningCandidates.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence for the candidates, counted exactly by the source database: per table one
 * aggregate scan ({@code COUNT(*)}, {@code COUNT(col)} for NULLs, {@code COUNT(DISTINCT col)} for
 * repeated values); per candidate reference one anti-join counting its orphans; and, only where
 * something breaks a candidate, one query listing the first {@link #SAMPLE} offending values in
 * order. No row crosses the wire: ferry holds a few counters per column and at most {@link
 * #SAMPLE} values per candidate, whatever the table's size; the database sorts or hashes for the
 * distinct counts, spilling to disk as it does for any GROUP BY.
 */
final class TighteningProfile {

  /** The most offending values listed per candidate. */
  static final int SAMPLE = TighteningPolicy.FEW_VIOLATIONS;

  /**
   * The evidence about one candidate.
   *
   * @param rows the rows of its table
   * @param violations the rows that break it: NULLs, rows beyond the first of a value, orphans
   * @param nulls NULLs in the column (what SQL Server's UNIQUE allows one of)
   * @param values the first offending values in the column's order (repeated values, orphaned
   *     keys); empty for NULLs
   */
  record Counts(long rows, long violations, long nulls, List<Object> values) {
    Counts {
      values = List.copyOf(values);
    }
  }

  private TighteningProfile() {}

  /**
   * Counts the evidence of every candidate.
   *
   * @param oneNullUnique whether the target's UNIQUE allows one NULL only (SQL Server), so that
   *     more NULLs break it
   */
  static Map<Candidate, Counts> profile(Connection connection, Dialect dialect, Catalog catalog,
      List<Candidate> candidates, boolean oneNullUnique) throws SQLException {
    Map<TableName, List<Candidate>> byTable = new LinkedHashMap<>();
    candidates.forEach(c -> byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c));
    Map<Candidate, Counts> out = new HashMap<>();
    for (Map.Entry<TableName, List<Candidate>> entry : byTable.entrySet()) {
      Table table = catalog.table(entry.getKey()).orElseThrow();
      String from = dialect.fromClause(table.name(), true);
      List<String> aggregates = new ArrayList<>(List.of("COUNT(*)"));
      Map<String, Integer> at = new HashMap<>();
      for (Candidate c : entry.getValue()) {
        if (c.kind() != Kind.FOREIGN_KEY && !at.containsKey("n " + c.column())) {
          at.put("n " + c.column(), aggregates.size());
          aggregates.add("COUNT(" + dialect.quote(c.column()) + ")");
        }
        if (c.kind() == Kind.UNIQUE) {
          at.put("d " + c.column(), aggregates.size());
          aggregates.add("COUNT(DISTINCT " + dialect.quote(c.column()) + ")");
        }
      }
      long[] counts = row(connection, "SELECT " + String.join(", ", aggregates) + " FROM "
          + from, aggregates.size());
      long rows = counts[0];
      for (Candidate c : entry.getValue()) {
        out.put(c, switch (c.kind()) {
          case NOT_NULL -> {
            long nulls = rows - counts[at.get("n " + c.column())];
            yield new Counts(rows, nulls, nulls, List.of());
          }
          case UNIQUE -> {
            long nonNull = counts[at.get("n " + c.column())];
            long nulls = rows - nonNull;
            long repeated = nonNull - counts[at.get("d " + c.column())];
            long violations = repeated + (oneNullUnique ? Math.max(0, nulls - 1) : 0);
            String col = dialect.quote(c.column());
            yield new Counts(rows, violations, nulls, repeated == 0 ? List.of()
                : values(connection, "SELECT " + col + " FROM " + from + " WHERE " + col
                    + " IS NOT NULL GROUP BY " + col + " HAVING COUNT(*) > 1 ORDER BY " + col));
          }
          case FOREIGN_KEY -> {
            String orphans = OrphanSql.whereOrphan(dialect, from, new OrphanSql.Reference(
                c.parent(), List.of(c.column()), List.of(c.parentColumn())));
            long n = row(connection, "SELECT COUNT(*)" + orphans, 1)[0];
            yield new Counts(rows, n, 0, n == 0 ? List.of() : values(connection,
                "SELECT DISTINCT c." + dialect.quote(c.column()) + orphans + " ORDER BY 1"));
          }
        });
      }
    }
    return out;
  }

  private static long[] row(Connection connection, String sql, int n) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = rs.getLong(i + 1);
      }
      return out;
    }
  }

  private static List<Object> values(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setMaxRows(SAMPLE);
      List<Object> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next() && out.size() < SAMPLE) {
          out.add(rs.getObject(1));
        }
      }
      return out;
    }
  }
}

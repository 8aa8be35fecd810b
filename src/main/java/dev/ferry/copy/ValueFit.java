package dev.ferry.copy;

import dev.ferry.api.Endpoint;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Preflight's judgement of values: what declared types refuse ({@link TypeFit}), and, where they
 * cannot prove the fit, the values measured on the source before anything is written. Each table
 * with doubts is measured by one set-based query (a count, and where useful the largest figure,
 * per doubt); only for a doubt that some values confirm, a second query names their first keys.
 * A source that cannot be queried (a bundle) is judged by its declared types alone.
 */
final class ValueFit {

  /** Keys named per column whose values do not fit. */
  private static final int LISTED = 5;

  private ValueFit() {}

  /**
   * Every problem of kinds and values, one sentence each, measured on the source when it is a
   * database (on a read-only connection of its own).
   *
   * @throws FerryException {@link ErrorCode#INPUT} when the source cannot be measured
   */
  static List<String> problems(Endpoint from, Catalog sourceCatalog, Catalog targetCatalog,
      CopyPlan plan, Dialect targetDialect) {
    if (!(from instanceof Endpoint.Database db)) {
      try {
        return problems(sourceCatalog, targetCatalog, plan, null, null, targetDialect);
      } catch (SQLException e) {
        throw new IllegalStateException("no query runs without a source database", e);
      }
    }
    Dialect dialect = Dialects.forUrl(db.spec().url());
    try (Connection c = Connections.open(db.spec(), dialect, true)) {
      return problems(sourceCatalog, targetCatalog, plan, c, dialect, targetDialect);
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "measuring values on " + db.describe()
          + " failed: " + db.spec().redact(e.getMessage()), e);
    }
  }

  /**
   * Every problem of kinds and values, one sentence each.
   *
   * @param source the source's connection (read-only), or null when it is not a database
   * @param sourceDialect the source's dialect, or null when it is not a database
   * @param targetDialect the target's dialect
   */
  static List<String> problems(Catalog sourceCatalog, Catalog targetCatalog, CopyPlan plan,
      Connection source, Dialect sourceDialect, Dialect targetDialect) throws SQLException {
    List<String> problems = new ArrayList<>();
    String engine = sourceDialect == null ? sourceCatalog.engine() : sourceDialect.id();
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        if (t.isFixup()) {
          continue;
        }
        Table s = sourceCatalog.table(t.source()).orElseThrow();
        Table d = targetCatalog.table(t.target()).orElseThrow();
        List<Measured> measured = new ArrayList<>();
        for (CopyColumn c : t.columns()) {
          Column sc = s.column(c.name()).orElseThrow();
          Column dc = d.column(c.targetName()).orElseThrow();
          String where = t.source() + "." + sc.name() + " (" + sc.type() + ") into " + t.target()
              + "." + dc.name() + " (" + dc.type() + ")";
          if (sc.nullable() && !dc.nullable() && !t.nulledColumns().contains(c.name())) {
            // declared nullable is no NULL: sample schemas differ in their NOT NULLs
            String q = source == null ? null : sourceDialect.quote(sc.name());
            TypeFit.Doubt nulls = new TypeFit.Doubt(q == null ? null : q + " IS NULL", null,
                "are NULL, but " + t.target() + "." + dc.name() + " is NOT NULL", "the column"
                    + " accepts NULL but " + t.target() + "." + dc.name() + " is NOT NULL: rows"
                    + " with NULL would fail. Make the target column nullable, or fill the"
                    + " NULLs in the source");
            if (q == null) {
              problems.add(where + " does not fit: " + nulls.declared());
            } else {
              measured.add(new Measured(t.source() + "." + sc.name(), where, nulls));
            }
          }
          TypeFit.Judgement j = TypeFit.judge(sc, engine, source == null ? null : sourceDialect,
              dc, targetDialect);
          if (j.refusal() != null) {
            problems.add(where + " does not fit: " + j.refusal());
            continue;
          }
          List<TypeFit.Doubt> doubts = new ArrayList<>(j.doubts());
          for (TypeFit.Doubt doubt : doubts) {
            if (doubt.condition() == null) {
              // a bundle: declared sizes refuse as they always did; value-only doubts are left
              // to verify (a bundle's values cannot be queried before reading them)
              if (doubt.declared() != null) {
                problems.add(where + " does not fit: " + doubt.declared());
              }
            } else {
              measured.add(new Measured(t.source() + "." + sc.name(), where, doubt));
            }
          }
        }
        if (!measured.isEmpty()) {
          measure(t, measured, source, sourceDialect, problems);
        }
      }
    }
    return problems;
  }

  private record Measured(String column, String where, TypeFit.Doubt doubt) {}

  /** One query for the table's doubts; the first keys only of those some values confirm. */
  private static void measure(TablePlan t, List<Measured> measured, Connection c,
      Dialect dialect, List<String> problems) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < measured.size(); i++) {
      TypeFit.Doubt d = measured.get(i).doubt();
      sql.append(i == 0 ? "" : ", ").append("SUM(CASE WHEN ").append(d.condition())
          .append(" THEN 1 ELSE 0 END), MAX(CASE WHEN ").append(d.condition()).append(" THEN ")
          .append(d.longest() == null ? "NULL" : d.longest()).append(" END)");
    }
    sql.append(" FROM ").append(dialect.fromClause(t.source(), t.ownRowsOnly()));
    long[] counts = new long[measured.size()];
    String[] longest = new String[measured.size()];
    try (PreparedStatement ps = c.prepareStatement(sql.toString());
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      for (int i = 0; i < counts.length; i++) {
        counts[i] = rs.getLong(2 * i + 1);
        longest[i] = rs.getString(2 * i + 2);
      }
    }
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      Measured m = measured.get(i);
      String figure = longest[i] == null ? "" : " (the longest: " + longest[i] + ")";
      String keys = firstKeys(t, m.doubt().condition(), c, dialect);
      problems.add(m.column() + ": " + counts[i] + (counts[i] == 1 ? " value " : " values ")
          + (counts[i] == 1 ? singular(m.doubt().what()) : m.doubt().what()) + figure
          + keys + (counts[i] == 1 ? ", so it does not fit " : ", so they do not fit ")
          + m.where() + ". Fix " + (counts[i] == 1 ? "it" : "them") + " in the source, or change"
          + " the target column to take " + (counts[i] == 1 ? "it." : "them."));
    }
  }

  private static String singular(String what) {
    return what.startsWith("are ") ? "is " + what.substring(4)
        : what.startsWith("have ") ? "has " + what.substring(5)
        : what.startsWith("lie ") ? "lies " + what.substring(4)
        : what.startsWith("contain ") ? "contains " + what.substring(8) : what;
  }

  /** {@code ; first keys: 2, 4}, in key order; empty for a table without key. */
  private static String firstKeys(TablePlan t, String condition, Connection c, Dialect dialect)
      throws SQLException {
    if (!t.keyed()) {
      return "";
    }
    List<String> key = t.keyColumns().stream().map(dialect::quote).toList();
    String sql = "SELECT " + String.join(", ", key) + " FROM "
        + dialect.fromClause(t.source(), t.ownRowsOnly()) + " WHERE " + condition + " ORDER BY "
        + String.join(", ", key);
    List<String> found = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setMaxRows(LISTED);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && found.size() < LISTED) {
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= key.size(); i++) {
            values.add(rs.getString(i));
          }
          found.add(values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")");
        }
      }
    }
    return "; first keys: " + String.join(", ", found);
  }
}

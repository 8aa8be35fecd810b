package dev.ferry.copy;

import dev.ferry.api.Endpoint;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

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
   * database: the tables are measured at once on up to {@code connections} read-only connections
   * of their own; the problems come in plan order whatever order the measurements finish in.
   *
   * @throws FerryException {@link ErrorCode#INPUT} when the source cannot be measured
   */
  static List<String> problems(Endpoint from, Catalog sourceCatalog, Catalog targetCatalog,
      CopyPlan plan, Dialect targetDialect, int connections) {
    return problems(from, sourceCatalog, targetCatalog, plan, targetDialect, connections,
        Map.of(), new ConcurrentHashMap<>());
  }

  /**
   * As above, with the columns whose zero dates a cast rule turns into NULL ({@link
   * dev.ferry.rows.ZeroDates}): each column's zero dates are counted into {@code zeroDateCounts}
   * ({@code table.column}), and refused where the target column is NOT NULL.
   */
  static List<String> problems(Endpoint from, Catalog sourceCatalog, Catalog targetCatalog,
      CopyPlan plan, Dialect targetDialect, int connections,
      Map<TableName, Map<String, String>> zeroDates, Map<String, Long> zeroDateCounts) {
    Endpoint.Database db = from instanceof Endpoint.Database d ? d : null;
    Dialect dialect = db == null ? null : Dialects.forUrl(db.spec().url());
    List<Judged> judged = judge(sourceCatalog, targetCatalog, plan, dialect, targetDialect,
        zeroDates, zeroDateCounts);
    List<Judged> toMeasure = judged.stream().filter(j -> !j.measured().isEmpty()).toList();
    if (!toMeasure.isEmpty()) {
      try {
        measureAll(toMeasure, db, dialect, Math.max(1, connections));
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.INPUT, "measuring values on " + db.describe()
            + " failed: " + db.spec().redact(e.getMessage()), e);
      }
    }
    List<String> problems = new ArrayList<>();
    for (Judged j : judged) {
      problems.addAll(j.declared());
      problems.addAll(j.found());
    }
    return problems;
  }

  /** A table's problems of declared types, and the doubts only its values can settle. */
  private record Judged(TablePlan table, List<String> declared, List<Measured> measured,
      List<String> found) {}

  /**
   * Judges every table by its declared types; doubts become measurements when the source is a
   * database ({@code sourceDialect} not null), else declared refusals or nothing.
   */
  private static List<Judged> judge(Catalog sourceCatalog, Catalog targetCatalog, CopyPlan plan,
      Dialect sourceDialect, Dialect targetDialect, Map<TableName, Map<String, String>> zeroDates,
      Map<String, Long> zeroDateCounts) {
    List<Judged> judged = new ArrayList<>();
    String engine = sourceDialect == null ? sourceCatalog.engine() : sourceDialect.id();
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        // a table loading as key ranges is measured once, whole
        if (t.isFixup() || t.range() != null && t.range().index() > 1) {
          continue;
        }
        List<String> problems = new ArrayList<>();
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
            String q = sourceDialect == null ? null : sourceDialect.quote(sc.name());
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
          String rule = zeroDates.getOrDefault(t.source(), Map.of()).get(sc.name());
          String zero = rule == null || sourceDialect == null ? null
              : sourceDialect.zeroDate(sourceDialect.quote(sc.name()));
          if (zero != null) {
            String name = t.source() + "." + sc.name();
            measured.add(new Measured(name, where, new TypeFit.Doubt(zero, null, "", null),
                n -> zeroDateCounts.put(name, n)));
            if (!dc.nullable()) {
              measured.add(new Measured(name, where, new TypeFit.Doubt(zero, null, "are zero"
                  + " dates, which the cast rule at " + rule + " turns into NULL, but "
                  + t.target() + "." + dc.name() + " is NOT NULL", null)));
            }
          }
          TypeFit.Judgement j = TypeFit.judge(sc, engine, sourceDialect, dc, targetDialect,
              zero != null);
          if (j.refusal() != null) {
            problems.add(where + " does not fit: " + j.refusal());
            continue;
          }
          if (Column.SUPPLIED.equals(sc.generation())) {
            continue; // ferry's own values, not the source's: nothing there to measure
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
        judged.add(new Judged(t, problems, measured, new ArrayList<>()));
      }
    }
    return judged;
  }

  /**
   * Measures the tables on up to {@code connections} connections at once, each taking the next
   * table not yet measured; a table's findings go to its own list.
   */
  private static void measureAll(List<Judged> tables, Endpoint.Database db, Dialect dialect,
      int connections) throws SQLException {
    AtomicInteger next = new AtomicInteger();
    int workers = Math.min(connections, tables.size());
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      running.add(CompletableFuture.runAsync(() -> {
        try (Connection c = Connections.open(db.spec(), dialect, true)) {
          for (int i = next.getAndIncrement(); i < tables.size(); i = next.getAndIncrement()) {
            Judged j = tables.get(i);
            measure(j.table(), j.measured(), c, dialect, j.found());
          }
        } catch (SQLException e) {
          throw new CompletionException(e);
        }
      }, runnable -> {
        Thread t = new Thread(runnable, "ferry-measure");
        t.setDaemon(true);
        t.start();
      }));
    }
    try {
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * A doubt to measure on a column.
   *
   * @param tally where a count that refuses nothing goes (zero dates turned into NULL), or null
   *     for a doubt whose values refuse the run
   */
  record Measured(String column, String where, TypeFit.Doubt doubt,
      java.util.function.LongConsumer tally) {

    Measured(String column, String where, TypeFit.Doubt doubt) {
      this(column, where, doubt, null);
    }
  }

  /** One query for the table's doubts; the first keys only of those some values confirm. */
  static void measure(TablePlan t, List<Measured> measured, Connection c,
      Dialect dialect, List<String> problems) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < measured.size(); i++) {
      TypeFit.Doubt d = measured.get(i).doubt();
      sql.append(i == 0 ? "" : ", ").append("SUM(CASE WHEN ").append(d.condition())
          .append(" THEN 1 ELSE 0 END), ");
      // a doubt without a figure to show costs one evaluation of its condition per row, not two
      if (d.longest() == null) {
        sql.append("NULL");
      } else {
        sql.append("MAX(CASE WHEN ").append(d.condition()).append(" THEN ").append(d.longest())
            .append(" END)");
      }
    }
    sql.append(" FROM ").append(t.sourceFrom(dialect));
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
      Measured m = measured.get(i);
      if (m.tally() != null) {
        m.tally().accept(counts[i]);
        continue;
      }
      if (counts[i] == 0) {
        continue;
      }
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
        + t.sourceFrom(dialect) + " WHERE " + condition + " ORDER BY "
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

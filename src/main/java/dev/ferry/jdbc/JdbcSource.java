package dev.ferry.jdbc;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.catalog.Catalog;
import dev.ferry.dialect.Dialect;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.ServerText;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TextRows;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Reads tables from a database page by page in key order ({@code WHERE key > last ORDER BY key
 * LIMIT n}), or in one streamed pass when a table has no usable key. Each cursor has its own
 * read-only connection in a repeatable-read snapshot; memory holds one page at most.
 */
public final class JdbcSource implements SourceReader {

  private final ConnectionSpec spec;
  private final Dialect dialect;
  private final Catalog catalog;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final List<Connection> all = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile java.util.Map<dev.ferry.catalog.TableName, java.util.Set<String>> zeroDates =
      java.util.Map.of();

  public JdbcSource(ConnectionSpec spec, Dialect dialect, Catalog catalog) {
    this.spec = spec;
    this.dialect = dialect;
    this.catalog = catalog;
  }

  /** The dialect of the database read. */
  Dialect dialect() {
    return dialect;
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Asks the source for no row of each table, with the columns the plan reads: the server checks
   * the same privileges (column privileges included) as for the real read, and nothing is read.
   * A hundred tables are asked at once; only where that is refused is each asked alone, to name
   * every table that cannot be read.
   */
  @Override
  public List<String> readProblems(List<TablePlan> tables) {
    return ReadProbe.problems(spec, dialect, tables);
  }

  @Override
  public void nullZeroDates(java.util.Map<dev.ferry.catalog.TableName,
      ? extends java.util.Map<String, String>> columns) {
    java.util.Map<dev.ferry.catalog.TableName, java.util.Set<String>> copy =
        new java.util.HashMap<>();
    columns.forEach((t, c) -> copy.put(t, java.util.Set.copyOf(c.keySet())));
    zeroDates = java.util.Map.copyOf(copy);
  }

  /**
   * The columns a read selects, in the plan's order: each as the dialect reads it exactly (a
   * MariaDB FLOAT widened to a double, whose text is whole), and NULL for a zero date where a
   * cast rule says so.
   */
  String selectList(TablePlan table) {
    java.util.Map<String, dev.ferry.catalog.Column> declared = new java.util.HashMap<>();
    catalog.table(table.source()).ifPresent(t -> t.columns().forEach(c -> declared.put(c.name(),
        c)));
    java.util.Set<String> nulled = zeroDates.getOrDefault(table.source(), java.util.Set.of());
    return table.columns().stream().map(col -> {
      String quoted = dialect.quote(col.name());
      dev.ferry.catalog.Column column = declared.get(col.name());
      String read = column == null ? quoted : dialect.readExpression(quoted, column);
      String zero = nulled.contains(col.name()) ? dialect.zeroDate(quoted) : null;
      // the column's own name, so that the driver reads it as it reads the column
      return zero == null ? read : "CASE WHEN " + zero + " THEN NULL ELSE " + read + " END AS "
          + quoted;
    }).collect(Collectors.joining(", "));
  }

  @Override
  public ChunkCursor read(TablePlan table, Object[] afterKey, int chunkSize) {
    return new JdbcCursor(this, table, afterKey, chunkSize, false);
  }

  /**
   * On PostgreSQL with a UTF8 database, values of the kinds {@link ServerText} allows come as the
   * server's text when it is plain; on MariaDB, integers, decimals, dates and datetimes likewise
   * ({@link MariaDbText}); elsewhere as {@link #read}.
   */
  @Override
  public ChunkCursor readText(TablePlan table, int chunkSize) {
    TablePlan onePass = new TablePlan(table.source(), table.target(), table.columns(), List.of(),
        java.util.Set.of(), table.ownRowsOnly(), List.of(), table.rowFilter());
    return new JdbcCursor(this, onePass, null, chunkSize, true);
  }

  /**
   * On PostgreSQL with a UTF8 database, when every column's kind has a plain text form there:
   * {@code COPY (SELECT …) TO STDOUT} on a connection of its own (cheaper for the server and the
   * JVM than a cursor's pages of fields). Null elsewhere.
   */
  @Override
  public TextRows copyText(TablePlan table) {
    if (!postgres() || table.columns().isEmpty()
        || !table.columns().stream().allMatch(c -> ServerText.copyAllowed(c.kind()))) {
      return null;
    }
    Connection c;
    try {
      c = borrow();
      if (!utf8(c)) {
        idle.add(c);
        return null;
      }
    } catch (SQLException e) {
      throw failure(table, e);
    }
    String columns = selectList(table);
    String sql = "COPY (SELECT " + columns + " FROM " + table.sourceFrom(dialect)
        + ") TO STDOUT";
    ValueKind[] kinds = table.columns().stream().map(CopyColumn::kind)
        .toArray(ValueKind[]::new);
    try {
      var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(sql);
      return new PostgresCopyRows(copy, kinds, table.source().toString(),
          finished -> release(c, finished), e -> failure(table, e));
    } catch (SQLException e) {
      release(c, false);
      throw failure(table, e);
    }
  }

  /** Returns a connection for reuse, or closes it when its transaction may be lost. */
  void release(Connection c, boolean reusable) {
    if (reusable) {
      idle.add(c);
      return;
    }
    all.remove(c);
    try {
      c.close();
    } catch (SQLException ignored) {
      // given up: nothing to lose
    }
  }

  boolean postgres() {
    return "postgres".equals(dialect.id());
  }

  boolean mariaDb() {
    return "mariadb".equals(dialect.id());
  }

  /** PostgreSQL sends text as the database holds it: UTF-8 only in a UTF8 database. */
  static boolean utf8(Connection c) throws SQLException {
    return "UTF8".equalsIgnoreCase(c.unwrap(org.postgresql.PGConnection.class)
        .getParameterStatus("server_encoding"));
  }

  /** The failure to read a table, with the server's message (redacted) and SQLState. */
  FerryException failure(TablePlan table, SQLException e) {
    return new FerryException(ErrorCode.UNEXPECTED, "reading " + table.source() + " from "
        + spec.describe() + " failed: " + spec.redact(e.getMessage())
        + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]"), e);
  }

  @Override
  public long estimateRows(TablePlan table) {
    try {
      Connection c = borrow();
      try {
        return dialect.estimateRows(c, table.source());
      } finally {
        idle.add(c);
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  @Override
  public long[] keyBounds(TablePlan table) {
    if (table.keyColumns().size() != 1
        || table.columns().get(table.keyPositions()[0]).kind() != ValueKind.INTEGER) {
      return null;
    }
    String key = dialect.quote(table.keyColumns().get(0));
    // two index lookups: MIN and MAX of an indexed column each read one end of the index
    String sql = "SELECT MIN(" + key + "), MAX(" + key + ") FROM " + table.sourceFrom(dialect);
    try {
      Connection c = borrow();
      try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
        rs.next();
        java.math.BigDecimal min = rs.getBigDecimal(1);
        java.math.BigDecimal max = rs.getBigDecimal(2);
        if (min == null || max == null) {
          return null;
        }
        // beyond 64 bits (an unsigned BIGINT's top half): not split
        return new long[] {min.longValueExact(), max.longValueExact()};
      } catch (ArithmeticException e) {
        return null;
      } finally {
        c.rollback();
        idle.add(c);
      }
    } catch (SQLException e) {
      throw failure(table, e);
    }
  }

  /** An idle connection, or a new read-only one in the dialect's snapshot. */
  Connection borrow() throws SQLException {
    Connection c = idle.poll();
    if (c != null) {
      return c;
    }
    c = Connections.open(spec, dialect, true);
    c.setAutoCommit(false);
    all.add(c);
    for (String sql : dialect.snapshotStatements()) {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }
    return c;
  }

  @Override
  public void close() {
    synchronized (all) {
      for (Connection c : all) {
        try {
          c.rollback();
          c.close();
        } catch (SQLException ignored) {
          // closing a read-only connection: nothing to lose
        }
      }
      all.clear();
    }
  }
}

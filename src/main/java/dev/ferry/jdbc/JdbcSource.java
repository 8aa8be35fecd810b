package dev.ferry.jdbc;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.catalog.Catalog;
import dev.ferry.dialect.Dialect;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.ServerText;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TextRows;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

  public JdbcSource(ConnectionSpec spec, Dialect dialect, Catalog catalog) {
    this.spec = spec;
    this.dialect = dialect;
    this.catalog = catalog;
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  /** Tables whose read is checked by one statement (a UNION ALL of reads of no row). */
  private static final int PROBED_AT_ONCE = 100;

  /**
   * Asks the source for no row of each table, with the columns the plan reads: the server checks
   * the same privileges (column privileges included) as for the real read, and nothing is read.
   * A hundred tables are asked at once; only where that is refused is each asked alone, to name
   * every table that cannot be read.
   */
  @Override
  public List<String> readProblems(List<TablePlan> tables) {
    List<TablePlan> distinct = new ArrayList<>(new java.util.TreeMap<>(tables.stream().collect(
        Collectors.toMap(TablePlan::source, t -> t, (a, b) -> a))).values());
    List<String> problems = new ArrayList<>();
    try (Connection c = Connections.open(spec, dialect, true)) {
      for (int from = 0; from < distinct.size(); from += PROBED_AT_ONCE) {
        List<TablePlan> batch = distinct.subList(from,
            Math.min(distinct.size(), from + PROBED_AT_ONCE));
        if (probe(c, batch) == null) {
          continue;
        }
        for (TablePlan table : batch) {
          SQLException e = probe(c, List.of(table));
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

  /**
   * The columns a read selects, in the plan's order: each as the dialect reads it exactly (a
   * MariaDB FLOAT widened to a double, whose text is whole).
   */
  private String selectList(TablePlan table) {
    java.util.Map<String, dev.ferry.catalog.Column> declared = new java.util.HashMap<>();
    catalog.table(table.source()).ifPresent(t -> t.columns().forEach(c -> declared.put(c.name(),
        c)));
    return table.columns().stream().map(col -> {
      String quoted = dialect.quote(col.name());
      dev.ferry.catalog.Column column = declared.get(col.name());
      return column == null ? quoted : dialect.readExpression(quoted, column);
    }).collect(Collectors.joining(", "));
  }

  /** Reads no row of each table; returns why the server refused, or null. */
  private SQLException probe(Connection c, List<TablePlan> tables) {
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

  @Override
  public ChunkCursor read(TablePlan table, Object[] afterKey, int chunkSize) {
    return new Cursor(table, afterKey, chunkSize, false);
  }

  /**
   * On PostgreSQL with a UTF8 database, values of the kinds {@link ServerText} allows come as the
   * server's text when it is plain; on MariaDB, integers, decimals, dates and datetimes likewise
   * ({@link MariaDbText}); elsewhere as {@link #read}.
   */
  @Override
  public ChunkCursor readText(TablePlan table, int chunkSize) {
    TablePlan onePass = new TablePlan(table.source(), table.target(), table.columns(), List.of(),
        java.util.Set.of(), table.ownRowsOnly(), List.of());
    return new Cursor(onePass, null, chunkSize, true);
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
    String sql = "COPY (SELECT " + columns + " FROM "
        + dialect.fromClause(table.source(), table.ownRowsOnly()) + ") TO STDOUT";
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
  private void release(Connection c, boolean reusable) {
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

  private boolean postgres() {
    return "postgres".equals(dialect.id());
  }

  private boolean mariaDb() {
    return "mariadb".equals(dialect.id());
  }

  /** PostgreSQL sends text as the database holds it: UTF-8 only in a UTF8 database. */
  private static boolean utf8(Connection c) throws SQLException {
    return "UTF8".equalsIgnoreCase(c.unwrap(org.postgresql.PGConnection.class)
        .getParameterStatus("server_encoding"));
  }

  private FerryException failure(TablePlan table, SQLException e) {
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

  private Connection borrow() throws SQLException {
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

  private final class Cursor implements ChunkCursor {
    private final TablePlan table;
    private final int chunkSize;
    private final int[] keyPositions;
    private final String firstPage;
    private final String nextPage;
    private Connection connection;
    private Object[] lastKey;
    private boolean exhausted;
    private PreparedStatement onePass;
    private ResultSet onePassRows;
    /** Per column: hand over the server's text when plain (see {@link ServerText}). */
    private boolean[] asText;
    private final boolean fromPostgres = postgres();

    Cursor(TablePlan table, Object[] afterKey, int chunkSize, boolean text) {
      this.table = table;
      this.chunkSize = chunkSize;
      this.lastKey = afterKey;
      this.keyPositions = table.keyPositions();
      String columns = selectList(table);
      List<String> keys = table.keyColumns().stream().map(dialect::quote).toList();
      String from = dialect.fromClause(table.source(), table.ownRowsOnly());
      this.firstPage = dialect.pageQuery(columns, from, keys, false, chunkSize);
      this.nextPage = dialect.pageQuery(columns, from, keys, true, chunkSize);
      try {
        connection = borrow();
        if (text && (mariaDb() || fromPostgres && utf8(connection))) {
          asText = new boolean[table.columns().size()];
        }
      } catch (SQLException e) {
        throw failure(e);
      }
    }

    @Override
    public Chunk next() {
      if (exhausted) {
        return null;
      }
      try {
        return table.keyed() ? nextPage() : nextOfOnePass();
      } catch (SQLException e) {
        throw failure(e);
      }
    }

    private Chunk nextPage() throws SQLException {
      String sql = lastKey == null ? firstPage : nextPage;
      List<Object[]> rows = new ArrayList<>(Math.min(chunkSize, 4096));
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        ps.setFetchSize(chunkSize);
        if (lastKey != null) {
          Object[] params = dialect.keyAfterParameters(lastKey);
          for (int i = 0; i < params.length; i++) {
            JdbcValues.bind(ps, i + 1, params[i], kindOfParam(i, params.length), dialect);
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(readRow(rs));
          }
        }
      }
      if (rows.isEmpty()) {
        exhausted = true;
        return null;
      }
      Object[] last = rows.get(rows.size() - 1);
      lastKey = new Object[keyPositions.length];
      for (int i = 0; i < keyPositions.length; i++) {
        lastKey[i] = last[keyPositions[i]];
      }
      if (rows.size() < chunkSize) {
        exhausted = true;
      }
      return new Chunk(rows, lastKey.clone());
    }

    /** Key parameter kinds, for engines that repeat key values in the condition. */
    private ValueKind kindOfParam(int index, int count) {
      if (count == keyPositions.length) {
        return table.columns().get(keyPositions[index]).kind();
      }
      int remaining = index;
      for (int i = 0; i < keyPositions.length; i++) {
        if (remaining <= i) {
          return table.columns().get(keyPositions[remaining]).kind();
        }
        remaining -= i + 1;
      }
      return ValueKind.OTHER;
    }

    private Chunk nextOfOnePass() throws SQLException {
      if (onePassRows == null) {
        onePass = connection.prepareStatement(firstPage, ResultSet.TYPE_FORWARD_ONLY,
            ResultSet.CONCUR_READ_ONLY);
        onePass.setFetchSize(chunkSize);
        onePassRows = onePass.executeQuery();
        if (asText != null && fromPostgres) {
          // binary transfer (a URL option) has no text to hand over
          var meta = onePassRows.getMetaData().unwrap(org.postgresql.PGResultSetMetaData.class);
          for (int i = 0; i < asText.length; i++) {
            asText[i] = ServerText.kindAllowed(table.columns().get(i).kind())
                && meta.getFormat(i + 1) == 0;
          }
        } else if (asText != null) {
          for (int i = 0; i < asText.length; i++) {
            asText[i] = ServerText.mariaDbKindAllowed(table.columns().get(i).kind());
          }
        }
      }
      List<Object[]> rows = new ArrayList<>(Math.min(chunkSize, 4096));
      while (rows.size() < chunkSize && onePassRows.next()) {
        rows.add(readRow(onePassRows));
      }
      if (rows.size() < chunkSize) {
        exhausted = true;
      }
      return rows.isEmpty() ? null : new Chunk(rows, null);
    }

    private Object[] readRow(ResultSet rs) throws SQLException {
      Object[] row = new Object[table.columns().size()];
      for (int i = 0; i < row.length; i++) {
        ValueKind kind = table.columns().get(i).kind();
        if (asText != null && asText[i]) {
          if (fromPostgres) {
            byte[] text = rs.getBytes(i + 1);
            if (text == null || ServerText.plain(kind, text)) {
              row[i] = text == null ? null : new ServerText(text);
              continue;
            }
          } else {
            ServerText text = mariaDbText(rs, i);
            // Connector/J answers a zero DATETIME as NULL before any codec sees it: a NULL is
            // taken as one only when its text is NULL too
            if (asText[i] && (text == null ? rs.getString(i + 1) == null
                : ServerText.plainMariaDb(kind, text.utf8()))) {
              row[i] = text;
              continue;
            }
          }
        }
        row[i] = JdbcValues.read(rs, i + 1, kind, dialect.temporalsAsText());
      }
      return row;
    }

    /**
     * MariaDB's text of column {@code i} ({@link MariaDbText}); null for SQL NULL, or when the
     * driver cannot hand it over: then the column is read as usual from here on.
     */
    private ServerText mariaDbText(ResultSet rs, int i) {
      try {
        return rs.getObject(i + 1, ServerText.class);
      } catch (SQLException e) {
        asText[i] = false;
        return null;
      }
    }

    private FerryException failure(SQLException e) {
      return JdbcSource.this.failure(table, e);
    }

    @Override
    public void close() {
      try {
        if (onePassRows != null) {
          onePassRows.close();
          onePass.close();
        }
      } catch (SQLException ignored) {
        // the connection is returned and reused; a failed close leaves nothing behind
      }
      if (connection != null) {
        idle.add(connection);
        connection = null;
      }
    }
  }
}

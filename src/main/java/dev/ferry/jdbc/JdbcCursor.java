package dev.ferry.jdbc;

import dev.ferry.dialect.Dialect;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.ServerText;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One table read from a {@link JdbcSource} chunk by chunk: page by page in key order when the
 * table has a key, else in one streamed pass; on a connection borrowed from the source and given
 * back when closed.
 */
final class JdbcCursor implements ChunkCursor {
  private final JdbcSource source;
  private final Dialect dialect;
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
  private final boolean fromPostgres;
  /** The last key of the range read, bound before the keyset's; null for no upper bound. */
  private final Object upper;

  JdbcCursor(JdbcSource source, TablePlan table, Object[] afterKey, int chunkSize,
      boolean text) {
    this.source = source;
    this.dialect = source.dialect();
    this.fromPostgres = source.postgres();
    this.table = table;
    this.chunkSize = chunkSize;
    dev.ferry.rows.KeyRange range = table.range();
    // a range's read starts after its lower bound, and stops at its upper one
    this.lastKey = afterKey != null || range == null ? afterKey : range.lowerKey();
    this.upper = range == null ? null : range.upper();
    this.keyPositions = table.keyPositions();
    String columns = source.selectList(table);
    List<String> keys = table.keyColumns().stream().map(dialect::quote).toList();
    String from = upper == null ? table.sourceFrom(dialect)
        : dialect.rowsFrom(table.source(), table.ownRowsOnly(), (table.rowFilter() == null ? ""
            : "(" + table.rowFilter() + ") AND ") + keys.get(0) + " <= ?");
    this.firstPage = dialect.pageQuery(columns, from, keys, false, chunkSize);
    this.nextPage = dialect.pageQuery(columns, from, keys, true, chunkSize);
    try {
      connection = source.borrow();
      if (text && (source.mariaDb() || fromPostgres && JdbcSource.utf8(connection))) {
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
      int bound = 0;
      if (upper != null) {
        // the placeholder in the FROM comes before the keyset's
        JdbcValues.bind(ps, ++bound, upper, ValueKind.INTEGER, dialect);
      }
      if (lastKey != null) {
        Object[] params = dialect.keyAfterParameters(lastKey);
        for (int i = 0; i < params.length; i++) {
          JdbcValues.bind(ps, bound + i + 1, params[i], kindOfParam(i, params.length), dialect);
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
    return source.failure(table, e);
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
      source.release(connection, true);
      connection = null;
    }
  }
}

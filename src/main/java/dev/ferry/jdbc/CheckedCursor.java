package dev.ferry.jdbc;

import dev.ferry.dialect.Dialect;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.PageCheck;
import dev.ferry.rows.RowText;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table of one integer key read page by page as {@link JdbcCursor} reads it, each page first as
 * its keys and row text hashes, which a {@link PageCheck} compares with the target's: a page the
 * target holds unchanged is handed over as its keys only, any other is read in full on the same
 * connection, so in the same snapshot: the same rows. Either way the chunk's digest is the sum of
 * its rows' text hashes ({@link RowText}).
 */
final class CheckedCursor implements ChunkCursor {

  private static final Logger LOG = LoggerFactory.getLogger(CheckedCursor.class);

  private final JdbcSource source;
  private final TablePlan table;
  private final PageCheck check;
  private final int chunkSize;
  private final int key;
  private final ValueKind[] kinds;
  private final boolean temporalsAsText;
  private final String[] hashPage;
  private final String[] rowPage;
  private Connection connection;
  private Object[] lastKey;
  private boolean exhausted;
  private long pages;
  private long unchanged;

  /** @param hash the row text hash's expression over the plan's columns */
  CheckedCursor(JdbcSource source, TablePlan table, Object[] afterKey, int chunkSize,
      PageCheck check, String hash) {
    this.source = source;
    this.table = table;
    this.check = check;
    this.chunkSize = chunkSize;
    this.lastKey = afterKey;
    this.key = table.keyPositions()[0];
    this.kinds = table.columns().stream().map(c -> c.kind()).toArray(ValueKind[]::new);
    Dialect dialect = source.dialect();
    this.temporalsAsText = dialect.temporalsAsText();
    String keyColumn = dialect.quote(table.columns().get(key).name());
    String from = table.sourceFrom(dialect);
    List<String> keys = List.of(keyColumn);
    this.hashPage = new String[] {
        dialect.pageQuery(keyColumn + ", " + hash, from, keys, false, chunkSize),
        dialect.pageQuery(keyColumn + ", " + hash, from, keys, true, chunkSize)};
    String columns = source.selectList(table);
    this.rowPage = new String[] {dialect.pageQuery(columns, from, keys, false, chunkSize),
        dialect.pageQuery(columns, from, keys, true, chunkSize)};
    try {
      connection = source.borrow();
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
      List<Object[]> keys = new ArrayList<>(Math.min(chunkSize, 4096));
      List<String> hashes = new ArrayList<>(Math.min(chunkSize, 4096));
      try (PreparedStatement ps = page(hashPage); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object[] row = new Object[kinds.length + 1];
          row[key] = JdbcValues.read(rs, 1, kinds[key], temporalsAsText);
          keys.add(row);
          hashes.add(rs.getString(2));
        }
      }
      if (keys.isEmpty()) {
        exhausted = true;
        return null;
      }
      exhausted = keys.size() < chunkSize;
      long digest = 0;
      long[] numbers = new long[keys.size()];
      for (int i = 0; i < numbers.length; i++) {
        long bits = RowText.bits(hashes.get(i));
        digest += bits;
        keys.get(i)[kinds.length] = bits;
        numbers[i] = ((Number) keys.get(i)[key]).longValue();
      }
      Object[] last = new Object[] {keys.get(keys.size() - 1)[key]};
      Chunk chunk = check.same(numbers, hashes.toArray(String[]::new))
          ? new Chunk(keys, last.clone(), digest, Chunk.Checked.UNCHANGED)
          : new Chunk(rows(keys.size()), last.clone(), digest, Chunk.Checked.CHANGED);
      lastKey = last;
      pages++;
      unchanged += chunk.checked() == Chunk.Checked.UNCHANGED ? 1 : 0;
      return chunk;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** The page's rows, in full: in this snapshot, the rows whose keys and hashes were read. */
  private List<Object[]> rows(int expected) throws SQLException {
    List<Object[]> rows = new ArrayList<>(expected);
    try (PreparedStatement ps = page(rowPage); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Object[] row = new Object[kinds.length];
        for (int i = 0; i < row.length; i++) {
          row[i] = JdbcValues.read(rs, i + 1, kinds[i], temporalsAsText);
        }
        rows.add(row);
      }
    }
    if (rows.size() != expected) {
      throw new SQLException("the page's " + expected + " rows read again were " + rows.size()
          + " in the same snapshot");
    }
    return rows;
  }

  private PreparedStatement page(String[] queries) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(queries[lastKey == null ? 0 : 1]);
    ps.setFetchSize(chunkSize);
    if (lastKey != null) {
      JdbcValues.bind(ps, 1, lastKey[0], kinds[key], source.dialect());
    }
    return ps;
  }

  private FerryException failure(SQLException e) {
    return source.failure(table, e);
  }

  @Override
  public void close() {
    LOG.debug("{}: {} of {} pages the target holds with the same text, read as keys only",
        table.source(), unchanged, pages);
    check.close();
    if (connection != null) {
      source.release(connection, true);
      connection = null;
    }
  }
}

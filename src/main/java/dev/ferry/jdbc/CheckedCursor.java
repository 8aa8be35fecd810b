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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table of one integer key read page by page as {@link JdbcCursor} reads it, each page first as
 * its keys and row text hashes, which a {@link PageCheck} compares with the target's: a page the
 * target holds unchanged is handed over as its keys only, any other is read in full on the same
 * connection, so in the same snapshot: the same rows. Either way the chunk's digest is the sum of
 * its rows' text hashes ({@link RowText}). The target checks a page on a thread of its own while
 * the source hashes the next page: two pages of keys and hashes in memory at most.
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
  /** The page read ahead, whose check runs; null before the first and after the last. */
  private Page pending;
  /** Where the target's side of the check runs, beside the source's next page. */
  private final ExecutorService checking;

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
    this.checking = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ferry-check-" + table.unit());
      t.setDaemon(true);
      return t;
    });
    try {
      connection = source.borrow();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** A page's keys (each row with its text hash at the end), their digest, the target's answer. */
  private record Page(Object[] after, List<Object[]> keys, long digest, Future<Boolean> same) {}

  @Override
  public Chunk next() {
    try {
      if (pending == null) {
        pending = exhausted ? null : hashes(lastKey);
        if (pending == null) {
          exhausted = true;
          return null;
        }
      }
      Page page = pending;
      Object[] last = new Object[] {page.keys().get(page.keys().size() - 1)[key]};
      // the next page's hashes are read while the target's server hashes this one's rows
      pending = page.keys().size() < chunkSize ? null : hashes(last);
      exhausted = pending == null;
      Chunk chunk = page.same().get()
          ? new Chunk(page.keys(), last.clone(), page.digest(), Chunk.Checked.UNCHANGED)
          : new Chunk(rows(page.after(), page.keys().size()), last.clone(), page.digest(),
              Chunk.Checked.CHANGED);
      lastKey = last;
      pages++;
      unchanged += chunk.checked() == Chunk.Checked.UNCHANGED ? 1 : 0;
      return chunk;
    } catch (SQLException e) {
      throw failure(e);
    } catch (ExecutionException e) {
      throw failure(new SQLException("checking a page against the target failed: "
          + e.getCause(), e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(new SQLException("interrupted", e));
    }
  }

  /** The keys and text hashes of the page after {@code after}, handed to the check; null: none. */
  private Page hashes(Object[] after) throws SQLException {
    List<Object[]> keys = new ArrayList<>(Math.min(chunkSize, 4096));
    List<String> hashes = new ArrayList<>(Math.min(chunkSize, 4096));
    try (PreparedStatement ps = page(hashPage, after); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Object[] row = new Object[kinds.length + 1];
        row[key] = JdbcValues.read(rs, 1, kinds[key], temporalsAsText);
        keys.add(row);
        hashes.add(rs.getString(2));
      }
    }
    if (keys.isEmpty()) {
      return null;
    }
    long digest = 0;
    long[] numbers = new long[keys.size()];
    for (int i = 0; i < numbers.length; i++) {
      long bits = RowText.bits(hashes.get(i));
      digest += bits;
      keys.get(i)[kinds.length] = bits;
      numbers[i] = ((Number) keys.get(i)[key]).longValue();
    }
    String[] texts = hashes.toArray(String[]::new);
    return new Page(after, keys, digest, checking.submit(() -> check.same(numbers, texts)));
  }

  /** The page's rows, in full: in this snapshot, the rows whose keys and hashes were read. */
  private List<Object[]> rows(Object[] after, int expected) throws SQLException {
    List<Object[]> rows = new ArrayList<>(expected);
    try (PreparedStatement ps = page(rowPage, after); ResultSet rs = ps.executeQuery()) {
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

  private PreparedStatement page(String[] queries, Object[] after) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(queries[after == null ? 0 : 1]);
    ps.setFetchSize(chunkSize);
    if (after != null) {
      JdbcValues.bind(ps, 1, after[0], kinds[key], source.dialect());
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
    checking.shutdownNow();
    check.close();
    if (connection != null) {
      source.release(connection, true);
      connection = null;
    }
  }
}

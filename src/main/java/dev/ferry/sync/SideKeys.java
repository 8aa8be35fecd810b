package dev.ferry.sync;

import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One side's keys in key order, read a page per query (keyset paging); with a thread to read
 * ahead on, each page's successor is read while the page is walked (the connection is then
 * this reader's alone).
 */
final class SideKeys implements Iterator<Object[]> {

  private final Connection connection;
  private final Dialect dialect;
  private final String from;
  private final List<String> columns;
  private final ValueKind[] kinds;
  private final int page;
  private final java.util.concurrent.ExecutorService ahead;
  private java.util.concurrent.Future<List<Object[]>> next;
  private List<Object[]> read = List.of();
  private int at;
  private boolean last;
  private boolean started;

  SideKeys(Connection connection, Dialect dialect, String from, List<String> columns,
      ValueKind[] kinds, int page, java.util.concurrent.ExecutorService ahead) {
    this.connection = connection;
    this.dialect = dialect;
    this.from = from;
    this.columns = columns.stream().map(dialect::quote).toList();
    this.kinds = kinds;
    this.page = page;
    this.ahead = ahead;
  }

  @Override
  public boolean hasNext() {
    if (at < read.size()) {
      return true;
    }
    if (last) {
      return false;
    }
    try {
      fill();
    } catch (SQLException e) {
      throw new SweepFailed(e);
    }
    return at < read.size();
  }

  @Override
  public Object[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return read.get(at++);
  }

  private void fill() throws SQLException {
    if (next != null) {
      try {
        read = next.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while reading keys", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof SQLException sql ? sql
            : new SQLException(e.getCause());
      }
    } else {
      read = page(started && !read.isEmpty() ? read.get(read.size() - 1) : null);
    }
    started = true;
    at = 0;
    last = read.size() < page;
    next = null;
    if (!last && ahead != null) {
      Object[] after = read.get(read.size() - 1);
      next = ahead.submit(() -> page(after));
    }
  }

  /** Waits for a page being read ahead, whose keys are no longer wanted. */
  void settle() {
    if (next != null) {
      try {
        next.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        // the walk ended without it: nothing waits for its keys
      }
      next = null;
    }
  }

  private List<Object[]> page(Object[] after) throws SQLException {
    List<Object[]> keys = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(dialect.pageQuery(
        String.join(", ", columns), from, columns, after != null, page))) {
      if (after != null) {
        Object[] values = dialect.keyAfterParameters(after);
        Object[] valueKinds = dialect.keyAfterParameters(kinds);
        for (int i = 0; i < values.length; i++) {
          JdbcValues.bind(ps, i + 1, values[i], (ValueKind) valueKinds[i], dialect);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(TableSweep.read(rs, kinds, dialect));
        }
      }
    }
    TableSweep.endRead(connection);
    return keys;
  }

  /** A key read that failed inside the iterator, unwrapped by {@link SyncDeletes#run}. */
  static final class SweepFailed extends RuntimeException {
    SweepFailed(SQLException cause) {
      super(cause);
    }

    SQLException sql() {
      return (SQLException) getCause();
    }
  }
}

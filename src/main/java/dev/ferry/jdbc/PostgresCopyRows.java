package dev.ferry.jdbc;

import dev.ferry.rows.ServerText;
import dev.ferry.rows.TextRows;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The rows of PostgreSQL's {@code COPY (SELECT …) TO STDOUT} in text format, split into slices:
 * one {@code byte[]} per row as the driver receives it (the server sends a row per message), the
 * values found between tabs, and only a row with a backslash in it unescaped into a second buffer.
 * Memory: one row and the buffer for one row.
 */
public final class PostgresCopyRows implements TextRows {

  /** What to do with the connection once the stream ends or is given up. */
  interface Release {
    /**
     * @param finished the stream ended at its last row (the connection can be reused); false:
     *     it was cancelled and the connection's transaction is lost
     */
    void release(boolean finished);
  }

  private final CopyOut copy;
  private final ValueKind[] kinds;
  private final String table;
  private final Release release;
  private final Function<SQLException, RuntimeException> failure;
  private final int[] starts;
  private final int[] ends;
  private byte[] current;
  private byte[] scratch = new byte[256];
  private boolean finished;
  private boolean closed;

  PostgresCopyRows(CopyOut copy, ValueKind[] kinds, String table, Release release,
      Function<SQLException, RuntimeException> failure) {
    this.copy = copy;
    this.kinds = kinds;
    this.table = table;
    this.release = release;
    this.failure = failure;
    this.starts = new int[kinds.length];
    this.ends = new int[kinds.length];
  }

  /**
   * Streams {@code COPY (query) TO STDOUT} on a PostgreSQL connection in autocommit mode, which
   * stays the caller's (a stream closed early is cancelled, and the connection can go on). A read
   * that fails throws a {@link CompletionException} with the {@link SQLException} as its cause.
   *
   * @param sql the whole {@code COPY … TO STDOUT} statement
   * @param kinds the kind of each column the query returns
   * @param what what is read, for messages (a table's name)
   */
  public static TextRows open(Connection c, String sql, ValueKind[] kinds, String what)
      throws SQLException {
    CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
    return new PostgresCopyRows(copy, kinds, what, finished -> { }, CompletionException::new);
  }

  @Override
  public boolean next() {
    byte[] row;
    try {
      row = copy.readFromCopy();
    } catch (SQLException e) {
      throw failure.apply(e);
    }
    if (row == null) {
      finished = true;
      return false;
    }
    split(row);
    for (int i = 0; i < kinds.length; i++) {
      if (starts[i] >= 0 && !ServerText.plain(kinds[i], current, starts[i], ends[i])) {
        throw new ServerText.NotPlain(table + ": a " + kinds[i] + " value in another form");
      }
    }
    return true;
  }

  /** Finds the values of one row (ended by a newline), unescaping only if it has backslashes. */
  private void split(byte[] row) {
    int last = row.length - 1;
    if (last < 0 || row[last] != '\n') {
      throw new IllegalStateException(table + ": a COPY row that does not end a line");
    }
    int field = 0;
    int from = 0;
    boolean escapes = false;
    for (int i = 0; i < last; i++) {
      byte c = row[i];
      if (c == '\t') {
        field = slice(field, from, i);
        from = i + 1;
      } else if (c == '\\') {
        escapes = true;
      }
    }
    field = slice(field, from, last);
    if (field != kinds.length) {
      throw new IllegalStateException(table + ": a COPY row of " + field + " values, expected "
          + kinds.length);
    }
    current = row;
    if (escapes) {
      unescape(row);
    }
  }

  private int slice(int field, int from, int to) {
    if (field < kinds.length) {
      starts[field] = from;
      ends[field] = to;
    }
    return field + 1;
  }

  /**
   * Rewrites every value into {@link #scratch} without COPY's escapes: {@code \N} alone is NULL;
   * {@code \b \f \n \r \t \v}, octal {@code \ddd} and {@code \xhh} are their bytes; a backslash
   * before anything else stands for that character.
   */
  private void unescape(byte[] row) {
    if (scratch.length < row.length) {
      scratch = new byte[Math.max(row.length, scratch.length * 2)];
    }
    int out = 0;
    for (int f = 0; f < kinds.length; f++) {
      int i = starts[f];
      int end = ends[f];
      if (end - i == 2 && row[i] == '\\' && row[i + 1] == 'N') {
        starts[f] = -1;
        continue;
      }
      starts[f] = out;
      while (i < end) {
        byte c = row[i++];
        if (c != '\\' || i == end) {
          scratch[out++] = c;
          continue;
        }
        c = row[i++];
        switch (c) {
          case 'b' -> scratch[out++] = 8;
          case 'f' -> scratch[out++] = 12;
          case 'n' -> scratch[out++] = 10;
          case 'r' -> scratch[out++] = 13;
          case 't' -> scratch[out++] = 9;
          case 'v' -> scratch[out++] = 11;
          case 'x' -> {
            int v = 0;
            int digits = 0;
            while (digits < 2 && i < end && Character.digit(row[i], 16) >= 0) {
              v = v * 16 + Character.digit(row[i++], 16);
              digits++;
            }
            scratch[out++] = digits == 0 ? (byte) 'x' : (byte) v;
          }
          default -> {
            if (c >= '0' && c <= '7') {
              int v = c - '0';
              for (int d = 0; d < 2 && i < end && row[i] >= '0' && row[i] <= '7'; d++) {
                v = v * 8 + row[i++] - '0';
              }
              scratch[out++] = (byte) v;
            } else {
              scratch[out++] = c;
            }
          }
        }
      }
      ends[f] = out;
    }
    current = scratch;
  }

  @Override
  public byte[] bytes() {
    return current;
  }

  @Override
  public int start(int i) {
    return starts[i];
  }

  @Override
  public int end(int i) {
    return ends[i];
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished && copy.isActive()) {
      try {
        copy.cancelCopy();
      } catch (SQLException ignored) {
        // the connection is given up below either way
      }
    }
    release.release(finished);
  }
}

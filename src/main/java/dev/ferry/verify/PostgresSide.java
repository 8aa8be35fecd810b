package dev.ferry.verify;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.dialect.Dialect;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Hashes a table inside PostgreSQL ({@link PostgresHashSql}): the server sends 65,537 small rows
 * (one per key range, one for the table) instead of the table, and later only the rows of
 * differing ranges. Both queries run in one read-only repeatable-read transaction, so they see
 * the same snapshot.
 */
final class PostgresSide implements TableSide {

  static final String METHOD = "in-database";

  /** Memory for the range aggregate of one table, for this transaction only. */
  static final String WORK_MEM = "128MB";

  private final ConnectionSpec spec;
  private final Dialect dialect;
  private final Side side;
  private final PostgresHashSql sql;
  private Connection connection;

  PostgresSide(ConnectionSpec spec, Dialect dialect, Side side, PostgresHashSql sql) {
    this.spec = spec;
    this.dialect = dialect;
    this.side = side;
    this.sql = sql;
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public TableDigest digest() {
    int n = side.columns().size();
    ColumnDigest[] columns = new ColumnDigest[n];
    TableDigest digest = new TableDigest(columns);
    try (Statement s = connection().createStatement();
        ResultSet rs = s.executeQuery(sql.digest())) {
      while (rs.next()) {
        if (rs.getInt(1) == 1) {
          digest.rows = rs.getLong(3);
          digest.checksum = low64(rs.getBigDecimal(4));
          for (int i = 0; i < n; i++) {
            long nonNull = rs.getLong(5 + 2 * i);
            columns[i] = ColumnDigest.of(side.encodings().get(i).kind(), digest.rows - nonNull,
                low64(rs.getBigDecimal(6 + 2 * i)));
          }
        } else {
          int b = rs.getInt(2);
          digest.ranges[2 * b] = rs.getLong(3);
          digest.ranges[2 * b + 1] = low64(rs.getBigDecimal(4));
        }
      }
    } catch (SQLException e) {
      throw failure("hashing", e);
    }
    for (int i = 0; i < n; i++) {
      if (columns[i] == null) {
        columns[i] = ColumnDigest.of(side.encodings().get(i).kind(), 0, 0);
      }
    }
    return digest;
  }

  @Override
  public List<LeafRow> rows(BitSet ranges) {
    int n = side.columns().size();
    List<LeafRow> rows = new ArrayList<>();
    try (PreparedStatement ps = connection().prepareStatement(sql.rows())) {
      Array array = connection().createArrayOf("int4",
          ranges.stream().boxed().toArray(Integer[]::new));
      ps.setArray(1, array);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long[] hashes = new long[n];
          boolean[] nulls = new boolean[n];
          String[] display = new String[n];
          for (int i = 0; i < n; i++) {
            hashes[i] = rs.getLong(3 + i);
            nulls[i] = rs.wasNull();
            display[i] = side.encodings().get(i).display(rs.getString(3 + n + i),
                LeafRow.DISPLAY);
          }
          rows.add(new LeafRow(rs.getLong(1), rs.getLong(2), hashes, nulls, display, null));
        }
      }
    } catch (SQLException e) {
      throw failure("reading the differing rows of", e);
    }
    return rows;
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = Connections.open(spec, dialect, true);
      connection.setAutoCommit(false);
      for (String statement : dialect.snapshotStatements()) {
        try (Statement s = connection.createStatement()) {
          s.execute(statement);
        }
      }
      try (Statement s = connection.createStatement()) {
        // 65,536 ranges with a sum per column each: about 1 KiB a range; without room in
        // work_mem (default 4 MiB) the aggregate spills to disk in batches
        s.execute("SET LOCAL work_mem = '" + WORK_MEM + "'");
      }
    }
    return connection;
  }

  private static long low64(BigDecimal sum) {
    return sum == null ? 0 : sum.toBigInteger().longValue();
  }

  private FerryException failure(String what, SQLException e) {
    return new FerryException(ErrorCode.UNEXPECTED, what + " " + side.table() + " inside "
        + spec.describe() + " failed: " + spec.redact(e.getMessage())
        + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]")
        + ". Run again with --streaming to hash in ferry instead.", e);
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.rollback();
        connection.close();
      } catch (SQLException ignored) {
        // a read-only transaction: nothing to lose
      }
      connection = null;
    }
  }
}

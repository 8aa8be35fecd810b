package dev.ferry.copy;

import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.postgres.CopyText;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.TablePlan;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** A chunk's rows inserted the fast way: PostgreSQL COPY text, else one batch of INSERTs. */
final class ChunkInserts {

  private static final int COPY_BUFFER = 1 << 16;

  private ChunkInserts() {}

  /** Streams the rows through {@code COPY ... FROM STDIN}, 64 KB at a time. */
  static void copy(Connection connection, String sql, Chunk chunk) throws SQLException {
    CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      StringBuilder text = new StringBuilder(COPY_BUFFER);
      for (Object[] row : chunk.rows()) {
        CopyText.appendRow(text, row);
        if (text.length() >= COPY_BUFFER) {
          byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
          in.writeToCopy(bytes, 0, bytes.length);
          text.setLength(0);
        }
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      in.writeToCopy(bytes, 0, bytes.length);
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  /** Binds each row to the INSERT and runs them as one batch. */
  static void insert(Connection connection, String sql, TablePlan table, Dialect dialect,
      Chunk chunk) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (Object[] row : chunk.rows()) {
        for (int i = 0; i < row.length; i++) {
          JdbcValues.bind(ps, i + 1, row[i], table.columns().get(i).kind(), dialect);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}

package dev.ferry.verify;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL endpoint able to hash in the database: version 13 or later, a UTF8 database, and a
 * {@code hashtextextended} that computes ferry's numbers.
 */
record PostgresServer(ConnectionSpec spec, Dialect dialect) {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final String PROBE = "ferry: lookup3, little-endian";

  /** The endpoint as a server to hash in, or null (streaming asked for, or not such a server). */
  static PostgresServer of(Endpoint endpoint, boolean streaming) {
    if (streaming || !(endpoint instanceof Endpoint.Database db)) {
      return null;
    }
    Dialect dialect = Dialects.forUrl(db.spec().url());
    if (!"postgres".equals(dialect.id())) {
      return null;
    }
    try (Connection c = Connections.open(db.spec(), dialect, true);
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT current_setting('server_version_num')::int,"
            + " current_setting('server_encoding'), hashtextextended('" + PROBE + "', 0)")) {
      rs.next();
      if (rs.getInt(1) < 130000 || !"UTF8".equalsIgnoreCase(rs.getString(2))) {
        LOG.debug("{}: PostgreSQL {} with encoding {}: hashing by streaming", db.describe(),
            rs.getInt(1), rs.getString(2));
        return null;
      }
      if (rs.getLong(3) != Hashing.value(PROBE)) {
        // hash_bytes_extended reads words in the machine's byte order: a big-endian server
        // computes other numbers
        LOG.debug("{}: the server's hashtextextended differs from ferry's: hashing by"
            + " streaming", db.describe());
        return null;
      }
      return new PostgresServer(db.spec(), dialect);
    } catch (SQLException e) {
      LOG.debug("{}: cannot tell the server version ({}): hashing by streaming",
          db.describe(), db.spec().redact(e.getMessage()));
      return null;
    }
  }
}

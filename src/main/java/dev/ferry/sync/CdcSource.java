package dev.ferry.sync;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.SyncJob;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.Redactor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A job's PostgreSQL source as change data capture needs it (docs/sync.md, "Change data
 * capture"): {@code wal_level=logical}, a publication of the job's tables and a logical
 * replication slot (pgoutput), both named {@code ferry_<job>}, checked or created before
 * anything is written; and the Debezium engine's properties that read them.
 */
final class CdcSource {

  private CdcSource() {}

  /** The slot's and publication's name: {@code ferry_} and the job's name, lower-cased. */
  static String slotName(SyncJob job) {
    String name = "ferry_" + job.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return name.length() > 63 ? name.substring(0, 63) : name;
  }

  /**
   * Checks the source, creates the publication and the slot where missing.
   *
   * @return true when the slot was created now: changes before it are not in the stream
   * @throws FerryException {@link ErrorCode#REFUSED} when the source cannot be captured, saying
   *     what to do
   */
  static boolean prepare(SyncJob job) {
    Dialect dialect = Dialects.forUrl(job.source().url());
    String name = slotName(job);
    String what = "job '" + job.name() + "' (capture: cdc, " + job.capture().where() + ")";
    try (Connection c = Connections.open(job.source(), dialect, false)) {
      c.setAutoCommit(true);
      String level = SqlQueries.scalar(c, "SHOW wal_level");
      if (!"logical".equals(level)) {
        throw new FerryException(ErrorCode.REFUSED, what + ": the source's wal_level is "
            + level + "; logical decoding needs wal_level = logical in postgresql.conf (a"
            + " server restart). Nothing was written.");
      }
      if (!exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", name)) {
        // published without a replica identity, their UPDATEs and DELETEs would fail on the
        // source itself
        List<Table> tables = capturedTables(c, dialect, job, what, ", and PostgreSQL refuses"
            + " UPDATE and DELETE on a published table without one");
        String list = String.join(", ", tables.stream().map(t -> dialect.qualify(t.name()))
            .toList());
        try (Statement s = c.createStatement()) {
          s.execute("CREATE PUBLICATION " + dialect.quote(name) + " FOR TABLE " + list);
        } catch (SQLException e) {
          throw new FerryException(ErrorCode.REFUSED, what + ": creating the publication "
              + name + " failed: " + Redactor.scrub(e.getMessage()) + ". The source login must"
              + " own the job's tables and have CREATE on the database, or have someone who does"
              + " run: CREATE PUBLICATION "
              + name + " FOR TABLE " + list + ". Nothing was written.");
        }
      }
      if (exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", name)) {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
        ps.setString(1, name);
        ps.executeQuery().close();
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.REFUSED, what + ": creating the replication slot "
            + name + " failed: " + Redactor.scrub(e.getMessage()) + ". The source login needs"
            + " the REPLICATION attribute (ALTER ROLE ... REPLICATION) and a free slot"
            + " (max_replication_slots). Nothing was written.");
      }
      return true;
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.CONNECTION, what + ": reading the source failed: "
          + Redactor.scrub(e.getMessage()), e);
    }
  }

  /** The slot's confirmed flush LSN: where a stream without offsets of its own starts. */
  static long confirmedFlush(SyncJob job) {
    Dialect dialect = Dialects.forUrl(job.source().url());
    try (Connection c = Connections.open(job.source(), dialect, true)) {
      String lsn = SqlQueries.scalar(c, "SELECT confirmed_flush_lsn::text FROM"
          + " pg_replication_slots WHERE slot_name = ?", slotName(job));
      if (lsn == null) {
        throw new FerryException(ErrorCode.REFUSED, "job '" + job.name() + "': the"
            + " replication slot " + slotName(job) + " is gone or not ready");
      }
      int slash = lsn.indexOf('/');
      return (Long.parseLong(lsn.substring(0, slash), 16) << 32)
          | Long.parseLong(lsn.substring(slash + 1), 16);
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.CONNECTION, "job '" + job.name() + "': reading the"
          + " replication slot failed: " + Redactor.scrub(e.getMessage()), e);
    }
  }

  /**
   * The offsets Debezium's engine would store for a stream at {@code lsn}, by key (its JSON
   * converter's text of {@code [engine name, {"server": topic prefix}]}): a stream given them
   * starts at the slot's position instead of the server's current one.
   */
  static java.util.Map<String, String> offsetsAt(SyncJob job, long lsn) {
    String name = slotName(job);
    return java.util.Map.of("[\"" + name + "\",{\"server\":\"" + name + "\"}]",
        "{\"lsn\":" + lsn + "}");
  }

  /**
   * The tables a job captures, refused when there are none or one has no primary key (a change
   * names its row by it; {@code keylessToo} adds the engine's own reason).
   */
  static List<Table> capturedTables(Connection c, Dialect dialect, SyncJob job, String what,
      String keylessToo) throws SQLException {
    List<Table> tables = new CatalogReader(c, dialect).read(List.of(), job.filter()).tables();
    if (tables.isEmpty()) {
      throw new FerryException(ErrorCode.REFUSED, what + ": the job names no table of"
          + " the source to capture. Check include/exclude. Nothing was written.");
    }
    List<String> keyless = tables.stream().filter(t -> t.primaryKey() == null)
        .map(t -> t.name().qualified()).toList();
    if (!keyless.isEmpty()) {
      throw new FerryException(ErrorCode.REFUSED, what + ": " + String.join(", ", keyless)
          + " has no primary key: a change names its row by it" + keylessToo + ". Exclude it"
          + " from the job (exclude:) and sync it with scheduled cycles. Nothing was written.");
    }
    return tables;
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Where and as whom the engine logs in: the source's URL and credentials taken apart. */
  record Login(String host, String port, String database, String user, String password) {}

  /**
   * The source's host, port, database and credentials, from its JDBC URL ({@code
   * jdbc:<engine>://[user[:password]@]host[:port]/database[?user=..&password=..]}) and its
   * settings (which win over the URL's).
   */
  static Login login(ConnectionSpec source, String defaultPort) {
    String url = source.url().substring(source.url().indexOf(':', "jdbc:".length()) + 1);
    String host = "localhost";
    String port = defaultPort;
    String database;
    String userInfo = null;
    String query = "";
    int q = url.indexOf('?');
    if (q >= 0) {
      query = url.substring(q + 1);
      url = url.substring(0, q);
    }
    if (url.startsWith("//")) {
      int slash = url.indexOf('/', 2);
      String hostPort = url.substring(2, slash < 0 ? url.length() : slash).split(",")[0];
      int at = hostPort.lastIndexOf('@');
      if (at >= 0) {
        // user:password@host, as ferry's connections take it (configuration.md, Credentials)
        userInfo = hostPort.substring(0, at);
        hostPort = hostPort.substring(at + 1);
      }
      database = slash < 0 ? "" : url.substring(slash + 1);
      int colon = hostPort.lastIndexOf(':');
      if (colon > 0 && !hostPort.endsWith("]")) {
        port = hostPort.substring(colon + 1);
        hostPort = hostPort.substring(0, colon);
      }
      host = hostPort.isEmpty() ? host : hostPort;
    } else {
      database = url;
    }
    String user = source.user();
    String password = source.password();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = user != null ? user : URLDecoder.decode(colon < 0 ? userInfo
          : userInfo.substring(0, colon), StandardCharsets.UTF_8);
      if (colon >= 0 && password == null) {
        // percent-encoded as in any URL: a '+' is a plus, not a space
        password = URLDecoder.decode(userInfo.substring(colon + 1).replace("+", "%2B"),
            StandardCharsets.UTF_8);
      }
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = pair.substring(0, eq);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (key.equals("user") && user == null) {
        user = value;
      } else if (key.equals("password") && password == null) {
        password = value;
      }
    }
    return new Login(host, port, database, user, password);
  }

  /** The engine's properties: the source, the slot and publication, the batches, the offsets. */
  static Properties engine(SyncJob job) {
    Login login = login(job.source(), "5432");
    Properties p = new Properties();
    String host = login.host();
    String port = login.port();
    String database = login.database();
    String user = login.user();
    String password = login.password();
    String name = slotName(job);
    p.setProperty("name", name);
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("database.hostname", host);
    p.setProperty("database.port", port);
    p.setProperty("database.dbname", database);
    p.setProperty("database.user", user == null ? "" : user);
    if (password != null) {
      p.setProperty("database.password", password);
    }
    p.setProperty("topic.prefix", name);
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", name);
    p.setProperty("publication.name", name);
    p.setProperty("publication.autocreate.mode", "disabled");
    p.setProperty("snapshot.mode", "no_data");
    batches(job, p);
    return p;
  }

  /** The batches' settings, common to every source. */
  static void batches(SyncJob job, Properties p) {
    p.setProperty("offset.storage", TargetOffsets.class.getName());
    p.setProperty(TargetOffsets.JOB, job.name());
    p.setProperty("offset.flush.interval.ms", "0");
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("decimal.handling.mode", "string");
    p.setProperty("max.batch.size", String.valueOf(job.capture().events()));
    p.setProperty("max.queue.size", String.valueOf(Math.max(8192, 4 * job.capture().events())));
    p.setProperty("poll.interval.ms", String.valueOf(job.capture().batchWait().toMillis()));
  }
}

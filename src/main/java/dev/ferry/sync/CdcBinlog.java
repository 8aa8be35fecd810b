package dev.ferry.sync;

import dev.ferry.api.SyncJob;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.Redactor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A job's MariaDB source as change data capture needs it (docs/sync.md, "Change data capture
 * from MariaDB"): the binlog on, in {@code ROW} format with {@code FULL} row images, a login
 * that may read it ({@code REPLICATION SLAVE} and {@code BINLOG MONITOR}), every table keyed,
 * all checked before anything is written; the binlog's position before the initial cycle; and
 * the properties of Debezium's MySQL connector, which reads MariaDB's binlog.
 */
final class CdcBinlog {

  /** A position in the binlog: a file and an offset in it. */
  record Position(String file, long pos) {
    @Override
    public String toString() {
      return file + ":" + pos;
    }
  }

  /** What a start needs: the binlog's position before the initial cycle, the tables. */
  record Start(Position at, List<String> tables) {}

  private static final Pattern GRANT = Pattern.compile("^GRANT (.*?) ON (\\S+) TO\\b",
      Pattern.CASE_INSENSITIVE);

  /** The binlog file in the engine's offsets' JSON. */
  private static final Pattern FILE = Pattern.compile("\"file\":\"([^\"]+)\"");

  private CdcBinlog() {}

  /** Whether the job's source is MariaDB or MySQL (read through its binlog). */
  static boolean serves(SyncJob job) {
    return Dialects.forUrl(job.source().url()).id().equals("mariadb");
  }

  /**
   * Checks the source and reads the binlog's current position (where a stream whose initial
   * cycle starts now begins) and the job's tables.
   *
   * @throws FerryException {@link ErrorCode#REFUSED} when the source cannot be captured, saying
   *     what to change
   */
  static Start prepare(SyncJob job) {
    Dialect dialect = Dialects.forUrl(job.source().url());
    String what = "job '" + job.name() + "' (capture: cdc, " + job.capture().where() + ")";
    try (Connection c = Connections.open(job.source(), dialect, false)) {
      c.setAutoCommit(true);
      String refusal = refusal(variable(c, "log_bin"), variable(c, "binlog_format"),
          variable(c, "binlog_row_image"), grants(c));
      if (refusal != null) {
        throw new FerryException(ErrorCode.REFUSED, what + ": " + refusal
            + " Nothing was written.");
      }
      List<Table> tables = CdcSource.capturedTables(c, dialect, job, what, "");
      Position at = position(c);
      if (at == null) {
        throw new FerryException(ErrorCode.REFUSED, what + ": the source shows no binlog"
            + " position (SHOW MASTER STATUS is empty): turn the binlog on (log_bin) and"
            + " restart the server. Nothing was written.");
      }
      return new Start(at, tables.stream().map(t -> t.name().name()).toList());
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.CONNECTION, what + ": reading the source failed: "
          + Redactor.scrub(e.getMessage()), e);
    }
  }

  /**
   * Why a server with these settings and grants cannot be captured, with what to change; null
   * when it can. {@code grants} are the lines of {@code SHOW GRANTS FOR CURRENT_USER}.
   */
  static String refusal(String logBin, String format, String rowImage, List<String> grants) {
    if (!"1".equals(logBin) && !"ON".equalsIgnoreCase(logBin)) {
      return "the source's binlog is off (log_bin); change data capture reads it: start the"
          + " server with log_bin (log-bin=mariadb-bin in my.cnf), binlog_format=ROW and"
          + " binlog_row_image=FULL.";
    }
    if (!"ROW".equalsIgnoreCase(format)) {
      return "the source's binlog_format is " + format + "; change data capture needs each"
          + " changed row in the binlog: set binlog_format=ROW in my.cnf (or SET GLOBAL"
          + " binlog_format='ROW' and reconnect the applications).";
    }
    if (!"FULL".equalsIgnoreCase(rowImage)) {
      return "the source's binlog_row_image is " + rowImage + "; change data capture needs"
          + " FULL row images: set binlog_row_image=FULL in my.cnf (or SET GLOBAL"
          + " binlog_row_image='FULL').";
    }
    List<String> missing = new ArrayList<>();
    if (!granted(grants, "REPLICATION SLAVE", "REPLICATION REPLICA")) {
      missing.add("REPLICATION SLAVE");
    }
    if (!granted(grants, "BINLOG MONITOR", "REPLICATION CLIENT")) {
      missing.add("BINLOG MONITOR");
    }
    if (!missing.isEmpty()) {
      return "the source login lacks " + String.join(" and ", missing) + " (to read the"
          + " binlog and its position): GRANT " + String.join(", ", missing)
          + " ON *.* TO the login (BINLOG MONITOR is REPLICATION CLIENT before MariaDB 10.5"
          + " and on MySQL).";
    }
    return null;
  }

  /** Whether a grant on {@code *.*} holds one of the privileges, or every privilege. */
  private static boolean granted(List<String> grants, String... privileges) {
    for (String line : grants) {
      Matcher m = GRANT.matcher(line.trim());
      if (!m.find() || !m.group(2).replace("`", "").equals("*.*")) {
        continue;
      }
      String held = m.group(1).toUpperCase(Locale.ROOT);
      if (held.startsWith("ALL PRIVILEGES") || held.equals("ALL")) {
        return true;
      }
      for (String p : privileges) {
        if (List.of(held.split("\\s*,\\s*")).contains(p)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String variable(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@GLOBAL." + name)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static List<String> grants(Connection c) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW GRANTS FOR CURRENT_USER")) {
      while (rs.next()) {
        // only the privileges and what they are on are read: the line may carry a hash
        String line = rs.getString(1);
        int to = line.toUpperCase(Locale.ROOT).indexOf(" TO ");
        lines.add(to < 0 ? line : line.substring(0, to + 4));
      }
    }
    return lines;
  }

  private static Position position(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
      return rs.next() ? new Position(rs.getString(1), rs.getLong(2)) : null;
    }
  }

  /** Whether the server still holds the binlog file that offsets point into. */
  static boolean holds(SyncJob job, Map<String, String> offsets) {
    String file = null;
    for (String value : offsets.values()) {
      Matcher m = FILE.matcher(value == null ? "" : value);
      if (m.find()) {
        file = m.group(1);
      }
    }
    if (file == null) {
      return false;
    }
    Dialect dialect = Dialects.forUrl(job.source().url());
    try (Connection c = Connections.open(job.source(), dialect, true);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
      while (rs.next()) {
        if (file.equals(rs.getString(1))) {
          return true;
        }
      }
      return false;
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.CONNECTION, "job '" + job.name() + "': reading the"
          + " source's binlogs failed: " + Redactor.scrub(e.getMessage()), e);
    }
  }

  /**
   * The offsets Debezium's engine would store for a stream at {@code at} (its JSON
   * converter's text of {@code [engine name, {"server": topic prefix}]} and of the position).
   */
  static Map<String, String> offsetsAt(SyncJob job, Position at) {
    String name = CdcSource.slotName(job);
    return Map.of("[\"" + name + "\",{\"server\":\"" + name + "\"}]",
        "{\"file\":\"" + at.file().replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"pos\":"
            + at.pos() + "}");
  }

  /**
   * The engine's properties: the source, the job's tables, the batches, the offsets. The
   * schema history is kept in memory and rebuilt from the source's tables at each start
   * ({@code snapshot.mode=recovery}): ferry reads only the keys of a change.
   */
  static Properties engine(SyncJob job, List<String> tables) {
    CdcSource.Login login = CdcSource.login(job.source(), "3306");
    Properties p = new Properties();
    String name = CdcSource.slotName(job);
    p.setProperty("name", name);
    p.setProperty("connector.class", "io.debezium.connector.mysql.MySqlConnector");
    p.setProperty("database.jdbc.driver", BinlogDriver.class.getName());
    p.setProperty("database.hostname", login.host());
    p.setProperty("database.port", login.port());
    p.setProperty("database.user", login.user() == null ? "" : login.user());
    if (login.password() != null) {
      p.setProperty("database.password", login.password());
    }
    p.setProperty("database.server.id", String.valueOf(serverId(job)));
    p.setProperty("database.include.list", Pattern.quote(login.database()));
    p.setProperty("table.include.list", String.join(",", tables.stream()
        .map(t -> Pattern.quote(login.database()) + "\\." + Pattern.quote(t)).toList()));
    p.setProperty("topic.prefix", name);
    p.setProperty("schema.history.internal",
        "io.debezium.relational.history.MemorySchemaHistory");
    p.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
    p.setProperty("snapshot.mode", "recovery");
    p.setProperty("snapshot.locking.mode", "none");
    p.setProperty("include.schema.changes", "false");
    CdcSource.batches(job, p);
    return p;
  }

  /**
   * The replica id the stream registers with: stable for a job, different between jobs, and
   * above the small ids servers are usually given.
   */
  static long serverId(SyncJob job) {
    CRC32 crc = new CRC32();
    crc.update(job.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return 100_000 + (crc.getValue() % 2_000_000_000L);
  }
}

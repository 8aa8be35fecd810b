package dev.ferry.dialect.sqlite;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.FileRunLock;
import dev.ferry.dialect.LockAttempt;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.dialect.WriteNeeds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SQLite: one file, no schemas; foreign keys may be declared DEFERRABLE INITIALLY DEFERRED. */
public final class SqliteDialect implements Dialect {

  private static final Pattern REFERENCES = Pattern.compile("(?i)\\bREFERENCES\\b");
  private static final Pattern FOREIGN_KEY = Pattern.compile(
      "(?is)^(?:CONSTRAINT\\s+(?:\"[^\"]*\"|`[^`]*`|\\[[^\\]]*]|\\S+)\\s+)?"
          + "FOREIGN\\s+KEY\\s*\\(([^)]*)\\)");
  private static final Pattern DEFERRED = Pattern.compile(
      "(?i)(?<!\\bNOT\\s{1,20})\\bDEFERRABLE\\s+INITIALLY\\s+DEFERRED\\b");
  /** A name as SQLite's DDL may spell it: quoted in any of its three ways, or bare. */
  private static final String NAME =
      "(?:\"(?:[^\"]|\"\")*\"|`(?:[^`]|``)*`|\\[[^\\]]*]|[^\\s.(\"`\\[]+)";
  private static final Pattern TRIGGER_HEAD = Pattern.compile(
      "CREATE\\s+(?:TEMP\\w*\\s+)?TRIGGER\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
          + "(?:" + NAME + "\\s*\\.\\s*)?" + NAME + "\\s*"
          + "(BEFORE|AFTER|INSTEAD\\s+OF)?\\s*(INSERT|UPDATE|DELETE)\\b",
      Pattern.CASE_INSENSITIVE);

  @Override
  public String id() {
    return "sqlite";
  }

  @Override
  public List<String> urlPrefixes() {
    return List.of("jdbc:sqlite:");
  }

  /** SQLite takes read-only only when the file is opened; {@code open_mode=1} is READONLY. */
  @Override
  public Map<String, String> connectionProperties(int connectTimeoutSeconds, boolean readOnly) {
    return readOnly ? Map.of("open_mode", "1") : Map.of();
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.DEFERRABLE_CONSTRAINTS, Capability.CREATES_MISSING_DATABASE,
        Capability.CASE_INSENSITIVE_NAMES, Capability.SINGLE_WRITER);
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public String currentSchema(Connection connection) {
    return null;
  }

  @Override
  public List<String> schemas(Connection connection) {
    return List.of();
  }

  @Override
  public String databaseName(Connection connection) {
    return null;
  }

  /** The declared types read by SQLite's affinity rules ({@link SqliteTypes}). */
  @Override
  public List<dev.ferry.catalog.Column> columns(Connection connection, TableName table,
      List<dev.ferry.catalog.Column> reported) throws SQLException {
    return SqliteTypes.columns(connection, table, reported);
  }

  @Override
  public EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, List<Trigger>> triggers = new HashMap<>();
    Map<TableName, Map<String, String>> deferrability = new HashMap<>();
    for (String[] row : SqlQueries.list(c,
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL",
        rs -> new String[] {rs.getString(1), rs.getString(2)})) {
      TableName table = new TableName(null, row[0]);
      if (wanted.contains(table)) {
        deferrability.put(table, deferrability(row[1]));
      }
    }
    for (String[] row : SqlQueries.list(c,
        "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
      TableName table = new TableName(null, row[0]);
      if (wanted.contains(table)) {
        // one event per trigger in SQLite; unread (null) counts as every event
        Matcher m = TRIGGER_HEAD.matcher(row[2] == null ? "" : row[2].strip());
        boolean read = m.lookingAt();
        String timing = read && m.group(1) != null
            ? m.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ") : "BEFORE";
        String event = read ? m.group(2).toUpperCase(Locale.ROOT) : null;
        append(triggers, table, new Trigger(row[1], "trigger", timing, event, true, false));
      }
    }
    return new EngineDetails(Map.of(), triggers, Map.of(), deferrability);
  }

  /**
   * SQLite's driver reports every foreign key as initially deferred; in SQLite a key is deferred
   * only when its clause says {@code DEFERRABLE INITIALLY DEFERRED}. Reads that from the table's
   * DDL for each foreign key, named by its columns ({@link EngineDetails#foreignKeyColumns}).
   */
  static Map<String, String> deferrability(String ddl) {
    Map<String, String> result = new HashMap<>();
    for (String element : tableElements(ddl)) {
      Matcher references = REFERENCES.matcher(element);
      if (!references.find()) {
        continue;
      }
      Matcher constraint = FOREIGN_KEY.matcher(element);
      List<String> columns = constraint.find()
          ? Arrays.stream(constraint.group(1).split(",")).map(SqliteDialect::unquote).toList()
          : List.of(unquote(firstWord(element)));
      boolean deferred = DEFERRED.matcher(element.substring(references.end())).find();
      result.put(EngineDetails.foreignKeyColumns(columns),
          deferred ? "initially-deferred" : ForeignKey.NOT_DEFERRABLE);
    }
    return result;
  }

  /**
   * The column definitions and table constraints of a CREATE TABLE, split at top-level commas,
   * with comments dropped and string literals blanked (so their text is never taken for SQL).
   */
  static List<String> tableElements(String ddl) {
    List<String> elements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    int i = 0;
    while (i < ddl.length()) {
      char c = ddl.charAt(i);
      if (c == '-' && ddl.startsWith("--", i) || c == '/' && ddl.startsWith("/*", i)) {
        int end = c == '-' ? ddl.indexOf('\n', i) : ddl.indexOf("*/", i);
        i = end < 0 ? ddl.length() : end + (c == '-' ? 0 : 2);
        current.append(' ');
        continue;
      }
      if (c == '\'' || c == '"' || c == '`' || c == '[') {
        int end = closing(ddl, i, c == '[' ? ']' : c);
        if (depth > 0) {
          current.append(c == '\'' ? " ".repeat(end - i) : ddl.substring(i, end));
        }
        i = end;
        continue;
      }
      if (c == '(' && depth++ == 0 || c == ')' && --depth == 0 || c == ',' && depth == 1) {
        if (c != '(') {
          elements.add(current.toString().strip());
          current.setLength(0);
        }
        if (c == ')') {
          break;
        }
      } else if (depth > 0) {
        current.append(c);
      }
      i++;
    }
    return elements;
  }

  private static int closing(String text, int open, char close) {
    int i = open + 1;
    while (i < text.length()) {
      if (text.charAt(i) == close) {
        if (close != ']' && i + 1 < text.length() && text.charAt(i + 1) == close) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return text.length();
  }

  private static String firstWord(String element) {
    String text = element.strip();
    char first = text.isEmpty() ? ' ' : text.charAt(0);
    if (first == '"' || first == '`' || first == '[') {
      return text.substring(0, closing(text, 0, first == '[' ? ']' : first));
    }
    return text.split("\\s+", 2)[0];
  }

  private static String unquote(String identifier) {
    String name = identifier.strip();
    if (name.length() >= 2) {
      char first = name.charAt(0);
      char last = name.charAt(name.length() - 1);
      if (first == '"' && last == '"' || first == '`' && last == '`') {
        return name.substring(1, name.length() - 1).replace("" + first + first, "" + first);
      }
      if (first == '[' && last == ']') {
        return name.substring(1, name.length() - 1);
      }
    }
    return name;
  }

  @Override
  public boolean temporalsAsText() {
    return true;
  }

  @Override
  public List<String> relaxChecks(CheckRelaxation relaxation) {
    return relaxation == CheckRelaxation.PRAGMA_FOREIGN_KEYS_OFF
        ? List.of("PRAGMA foreign_keys = OFF") : null;
  }

  @Override
  public void truncate(Connection connection, List<TableName> childrenFirst) throws SQLException {
    try (var s = connection.createStatement()) {
      s.execute("PRAGMA foreign_keys = OFF");
      try {
        for (TableName t : childrenFirst) {
          s.executeUpdate(deleteAllSql(t));
        }
      } finally {
        s.execute("PRAGMA foreign_keys = ON");
      }
    }
  }

  /** The main database file's real path: the same file by any relative path or link. */
  @Override
  public String databaseIdentity(Connection connection) throws SQLException {
    java.nio.file.Path file = databaseFile(connection);
    return file == null ? null : "sqlite:" + file;
  }

  @Override
  public LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    java.nio.file.Path file = databaseFile(connection);
    if (file == null) {
      return LockAttempt.taken(() -> { });
    }
    try {
      return FileRunLock.tryLock(file, holder);
    } catch (java.io.IOException e) {
      throw new SQLException("cannot lock " + file + FileRunLock.SUFFIX + ": " + e.getMessage(),
          e);
    }
  }

  private static java.nio.file.Path databaseFile(Connection connection) throws SQLException {
    List<String> files = SqlQueries.list(connection, "PRAGMA database_list",
        rs -> "main".equals(rs.getString(2)) ? rs.getString(3) : null);
    return FileRunLock.realFile(files.stream().filter(java.util.Objects::nonNull).findFirst()
        .orElse(null));
  }

  /** How long a connection waits for another's write lock on the file (SQLITE_BUSY after). */
  @Override
  public List<String> lockTimeoutStatements(long millis) {
    return List.of("PRAGMA busy_timeout = " + millis);
  }

  /** SQLITE_BUSY (5) or SQLITE_LOCKED (6), also as an extended result code. */
  @Override
  public boolean isLockTimeout(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    return primary == 5 || primary == 6;
  }

  @Override
  public TableName stateTable(Connection connection, String base) {
    return new TableName(null, "ferry_" + base);
  }

  /** SQLite has no principals and no privileges: nothing to grant. */
  @Override
  public String grant(String privileges, TableName table, String principal) {
    return null;
  }

  @Override
  public String principal(Connection connection) {
    return "this user";
  }

  /**
   * SQLite has no privileges, but the database file must be writable, and so must its directory:
   * the first write creates the rollback journal (or the WAL and its index) beside the file.
   */
  @Override
  public List<String> writeProblems(Connection c, WriteNeeds needs) throws SQLException {
    String file = SqlQueries.scalar(c, "SELECT file FROM pragma_database_list WHERE name = 'main'");
    if (file == null || file.isEmpty()) {
      return List.of();
    }
    java.nio.file.Path path = java.nio.file.Path.of(file).toAbsolutePath();
    java.nio.file.Path dir = path.getParent();
    List<String> problems = new ArrayList<>();
    if (!java.nio.file.Files.isWritable(path)) {
      problems.add("cannot write the SQLite database " + path + ": the file is not writable for"
          + " this user. Make it writable (chmod u+w), or copy into a database file this user"
          + " owns.");
    }
    if (dir != null && !java.nio.file.Files.isWritable(dir)) {
      problems.add("cannot write the SQLite database " + path + ": its directory " + dir
          + " is not writable for this user, and SQLite creates its journal (" + path.getFileName()
          + "-journal, or -wal and -shm) there on the first write. Make the directory writable.");
    }
    return problems;
  }

  @Override
  public List<CheckRelaxation> checkRelaxations(Connection c, Collection<TableName> tables) {
    return List.of(CheckRelaxation.PRAGMA_FOREIGN_KEYS_OFF);
  }

  @Override
  public String relaxationHint() {
    return "PRAGMA foreign_keys = OFF is open to every connection";
  }

  @Override
  public String characterLength(String quotedColumn) {
    return "length(" + quotedColumn + ")";
  }

  @Override
  public String octetLength(String quotedColumn) {
    return "length(CAST(" + quotedColumn + " AS BLOB))";
  }

  @Override
  public String binaryLength(String quotedColumn) {
    return "length(" + quotedColumn + ")";
  }

  /** SQLite has no regular expressions by default; GLOB's classes serve. */
  @Override
  public String notUuid(String quotedColumn) {
    String hex = "[0-9a-fA-F]";
    return quotedColumn + " NOT GLOB '" + hex.repeat(8) + "-" + hex.repeat(4) + "-"
        + hex.repeat(4) + "-" + hex.repeat(4) + "-" + hex.repeat(12) + "'";
  }

  /** Dates and times are ISO text, which has four-digit years. */
  @Override
  public dev.ferry.dialect.TemporalRange temporalRange(dev.ferry.catalog.Column column) {
    return new dev.ferry.dialect.TemporalRange(java.time.LocalDateTime.of(0, 1, 1, 0, 0),
        java.time.LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999), null);
  }

  /** Text keeps every digit. */
  @Override
  public Integer fractionDigits(dev.ferry.catalog.Column column) {
    return null;
  }

  @Override
  public String temporalOutside(String quotedColumn, dev.ferry.catalog.Column column,
      dev.ferry.dialect.TemporalRange range) {
    String value = "strftime('%Y-%m-%d %H:%M:%f', " + quotedColumn + ")";
    return "(" + value + " < '" + dev.ferry.dialect.TemporalRange.text(range.min()) + "' OR "
        + value + " > '" + dev.ferry.dialect.TemporalRange.text(range.max()) + "')";
  }

  /** SQLite stores infinities as reals (9e999 is +Infinity) but a NaN as NULL. */
  @Override
  public String nonFinite(String quotedColumn, Set<String> which) {
    List<String> values = new ArrayList<>();
    if (which.contains("Infinity")) {
      values.add("9e999");
    }
    if (which.contains("-Infinity")) {
      values.add("-9e999");
    }
    return values.isEmpty() ? null : quotedColumn + " IN (" + String.join(", ", values) + ")";
  }

  /** GLOB's character ranges compare code points: U+10000 to U+10FFFF. */
  @Override
  public String beyondBmp(String quotedColumn) {
    return quotedColumn + " GLOB ('*[' || char(65536) || '-' || char(1114111) || ']*')";
  }

  @Override
  public String containsNul(String quotedColumn) {
    return "instr(" + quotedColumn + ", char(0)) > 0";
  }

  @Override
  public Set<String> storedNonFinite() {
    return Set.of("Infinity", "-Infinity");
  }
}

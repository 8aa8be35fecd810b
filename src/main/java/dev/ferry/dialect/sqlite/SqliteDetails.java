package dev.ferry.dialect.sqlite;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What SQLite's driver does not report about its tables, read from the DDL SQLite keeps in
 * {@code sqlite_master}: each foreign key's deferrability and each trigger's timing and event.
 */
final class SqliteDetails {

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

  private SqliteDetails() {}

  /** The triggers and the foreign keys' deferrability of the given tables. */
  static EngineDetails read(Connection c, Collection<TableName> tables) throws SQLException {
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
          ? Arrays.stream(constraint.group(1).split(",")).map(SqliteDetails::unquote).toList()
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
}

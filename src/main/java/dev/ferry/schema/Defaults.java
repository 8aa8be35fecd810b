package dev.ferry.schema;

import static dev.ferry.schema.PortableType.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column default in the target's words: literals (numbers, strings, booleans) and the common
 * functions for now and today. Anything else (an expression, another function) does not
 * translate: it is left out, and the note names it, rather than guessed at.
 */
final class Defaults {

  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final Pattern STRING = Pattern.compile("'((?:[^']|'')*)'");
  /** A string literal whose backslashes escape (MariaDB's defaults: {@code 'a\\b'} is a\b). */
  private static final Pattern ESCAPED = Pattern.compile("'((?:[^'\\\\]|''|\\\\.)*)'");
  /** Engines whose catalog writes a string default with backslash escapes. */
  private static final Set<String> BACKSLASH_DEFAULTS = Set.of("mariadb");
  /** PostgreSQL's casts after a literal ({@code 'x'::text}, {@code 'a'::character varying}). */
  private static final Pattern CAST = Pattern.compile("^\\(?(.*?)\\)?::[a-zA-Z_][\\w .\"\\[\\]]*$");
  private static final Set<String> NOW = Set.of("current_timestamp", "current_timestamp()",
      "now()", "localtimestamp", "getdate()", "sysdatetime()", "datetime('now')");
  private static final Set<String> TODAY = Set.of("current_date", "curdate()",
      "current_date()", "date('now')");
  private static final Set<PortableType> NUMERIC = EnumSet.of(TINYINT, SMALLINT, MEDIUMINT,
      INTEGER, BIGINT, UTINYINT, USMALLINT, UMEDIUMINT, UINTEGER, UBIGINT, DECIMAL, REAL, DOUBLE,
      YEAR);
  private static final Set<PortableType> TEMPORAL = EnumSet.of(TIMESTAMP, MARIADB_TIMESTAMP,
      TIMESTAMPTZ);
  private static final Set<PortableType> QUOTABLE = EnumSet.of(TEXT, VARCHAR, CHAR, DATE, TIME,
      TIMESTAMP, MARIADB_TIMESTAMP, TIMESTAMPTZ, UUID, JSON, JSONB, ENUM, SET, INTERVAL, ANY);

  private Defaults() {}

  /**
   * The default clause's expression, or null for none; a default that does not translate adds a
   * note.
   *
   * @param fraction the target column's fractional digits, for MySQL's CURRENT_TIMESTAMP(n)
   */
  static String translate(String source, SourceType type, String engine, TargetDialect dialect,
      int fraction, String where, List<String> notes) {
    boolean escapes = BACKSLASH_DEFAULTS.contains(engine);
    if (source == null || source.isBlank() || source.strip().equalsIgnoreCase("NULL")) {
      return null;
    }
    String text = source.strip();
    Matcher cast = CAST.matcher(text);
    while (cast.matches()) {
      text = cast.group(1).strip();
      cast = CAST.matcher(text);
    }
    // SQL Server wraps defaults in parentheses: ((0)), ('x')
    while (text.startsWith("(") && text.endsWith(")") && !text.endsWith("()")) {
      text = text.substring(1, text.length() - 1).strip();
    }
    String lower = text.toLowerCase(Locale.ROOT).replaceAll("\\(\\d\\)$", "()");
    String translated = null;
    if (NOW.contains(lower) && TEMPORAL.contains(type.type())) {
      translated = String.format(dialect.currentTimestamp(), fraction > 0 ? "(" + fraction + ")"
          : "");
    } else if (TODAY.contains(lower) && type.type() == DATE) {
      translated = dialect.currentDate();
    } else if (type.type() == BOOLEAN) {
      translated = bool(unquote(text, escapes), dialect);
    } else if (NUMERIC.contains(type.type())) {
      String number = unquote(text, escapes);
      translated = number != null && NUMBER.matcher(number).matches() ? number : null;
    } else if (QUOTABLE.contains(type.type())) {
      String value = unquote(text, escapes);
      boolean quoted = (escapes ? ESCAPED : STRING).matcher(text).matches();
      translated = quoted || value != null && NUMBER.matcher(value).matches()
          ? dialect.string(value) : null;
    }
    if (translated == null) {
      notes.add(where + ": default " + source.strip() + " left out: it does not translate to "
          + dialect.name() + "; set it after creating the table if it matters");
    }
    return translated;
  }

  /** The text of a string literal, or the text itself when it is not quoted. */
  private static String unquote(String text, boolean escapes) {
    Matcher m = (escapes ? ESCAPED : STRING).matcher(text);
    if (!m.matches()) {
      return text;
    }
    String body = m.group(1);
    if (!escapes) {
      return body.replace("''", "'");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        char e = body.charAt(++i);
        out.append(switch (e) {
          case '0' -> '\0';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          case 'b' -> '\b';
          case 'Z' -> (char) 26;
          default -> e;
        });
      } else if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
        out.append('\'');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String bool(String value, TargetDialect dialect) {
    String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
    if (Set.of("true", "1", "b'1'", "t", "y", "yes", "on").contains(v)) {
      return dialect.trueLiteral();
    }
    if (Set.of("false", "0", "b'0'", "f", "n", "no", "off").contains(v)) {
      return dialect.falseLiteral();
    }
    return null;
  }
}

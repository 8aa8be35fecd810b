package dev.ferry.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of {@code ferry.yaml}'s {@code casts:} section: which source columns it matches (by
 * their type as the source declares it, by a column-name glob, by table) and what the target
 * column becomes (docs/configuration.md). The most specific matching rule wins; among equally
 * specific ones, the first in the file.
 *
 * @param type the source type, {@code datetime} or {@code tinyint(1)} or {@code nvarchar(max)},
 *     compared ignoring case and spaces; null matches every type
 * @param table the table's name (or {@code schema.table}), ignoring case; null matches all
 * @param column a glob on the column's name ({@code *} any run, {@code ?} one character),
 *     ignoring case; null matches all
 * @param to the target type per dialect ({@code postgres}, {@code mysql}, {@code sqlite}, {@code
 *     h2}, {@code sqlserver}), {@link #ANY_DIALECT} for every other one. Each a portable type:
 *     one of {@link #TYPES}, with a size where it takes one ({@code varchar(100)}, {@code
 *     decimal(19,4)}, {@code timestamp(3)})
 * @param location {@code ferry.yaml:12}, for messages
 * @param zeroDatesToNull {@code zero-dates:} true ({@code null}) when MariaDB's zero dates of the
 *     matched date and datetime columns become NULL, false ({@code refuse}) when they are refused
 *     as without a rule; null when the rule does not say (it then leaves them to other rules)
 */
public record CastRule(String type, String table, String column, Map<String, String> to,
    String location, Boolean zeroDatesToNull) implements java.io.Serializable {

  /** The key of {@link #to} that names the type for every dialect not named. */
  public static final String ANY_DIALECT = "*";

  /** The portable type names a rule may name (docs/schema.md says what each dialect writes). */
  public static final List<String> TYPES = List.of("boolean", "smallint", "integer", "bigint",
      "decimal", "real", "double", "text", "varchar", "char", "bytes", "varbinary", "date",
      "time", "timestamp", "timestamptz", "uuid", "json", "jsonb");

  private static final Pattern TARGET = Pattern.compile(
      "([a-z]+)\\s*(?:\\(\\s*(\\d{1,9})\\s*(?:,\\s*(\\d{1,9})\\s*)?\\))?");
  private static final Pattern SOURCE = Pattern.compile(
      "[a-z_][a-z0-9_ ]*(\\(\\s*(\\d{1,9}|max)\\s*(,\\s*\\d{1,9}\\s*)?\\))?( unsigned)?");

  /** The source types a {@code zero-dates:} setting may name: dates and datetimes. */
  public static final List<String> ZERO_DATE_TYPES = List.of("date", "datetime", "timestamp");

  public CastRule {
    to = Map.copyOf(new TreeMap<>(to));
  }

  /** A rule that names a type and says nothing of zero dates. */
  public CastRule(String type, String table, String column, Map<String, String> to,
      String location) {
    this(type, table, column, to, location, null);
  }

  /** The target type for a dialect, or null when the rule names none for it. */
  public String targetFor(String dialect) {
    return to.getOrDefault(dialect, to.get(ANY_DIALECT));
  }

  /**
   * A portable target type, parsed.
   *
   * @param name one of {@link #TYPES}
   * @param size length, precision or fractional digits; null when not given
   * @param scale a decimal's scale; null when not given
   */
  public record Target(String name, Integer size, Integer scale) {}

  /** The portable type a text names, or null when it names none (or a size it cannot take). */
  public static Target parseTarget(String text) {
    Matcher m = TARGET.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    String name = switch (m.group(1)) {
      case "int" -> "integer";
      case "numeric" -> "decimal";
      case "bool" -> "boolean";
      case "float" -> "double";
      case "binary", "blob" -> "bytes";
      default -> m.group(1);
    };
    Integer size = m.group(2) == null ? null : Integer.valueOf(m.group(2));
    Integer scale = m.group(3) == null ? null : Integer.valueOf(m.group(3));
    boolean sized = List.of("varchar", "char", "varbinary").contains(name);
    boolean timed = List.of("time", "timestamp", "timestamptz").contains(name);
    if (!TYPES.contains(name) || sized && (size == null || size < 1 || scale != null)
        || timed && (scale != null || size != null && size > 9)
        || name.equals("decimal") && (size != null && (size < 1 || scale != null
            && scale > size) || size == null && scale != null)
        || !sized && !timed && !name.equals("decimal") && size != null) {
      return null;
    }
    return new Target(name, size, scale);
  }

  /** Whether a text is a source type a rule can match ({@code tinyint(1)}, {@code nvarchar(max)}). */
  public static boolean validSourceType(String text) {
    return SOURCE.matcher(normalise(text)).matches();
  }

  /** A source type as rules compare it: lower case, single spaces, none inside parentheses. */
  public static String normalise(String text) {
    return text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")
        .replaceAll("\\s*([(),])\\s*", "$1").replace(" (", "(");
  }
}

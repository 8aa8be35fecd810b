package dev.ferry.api;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code identity:} section of ferry.yaml: which table holds the identities (users), how
 * source identities are matched to target ones, and what happens to those that match nothing.
 *
 * @param table the identity table's name, the same on both sides ({@code app_user} or {@code
 *     schema.app_user})
 * @param key its key column
 * @param match the rules, tried in order; the first giving exactly one target wins
 * @param unmatched the fallback for referenced identities no rule matched
 * @param softReferences columns holding identity keys without a foreign key ({@code
 *     table.column} or {@code schema.table.column})
 * @param manyToOne what a map that sends several source identities to one target identity
 *     means: {@link ManyToOne#WARN} by default
 * @param locations {@code file:line} of each setting given ({@code table}, {@code unmatched},
 *     ...), for messages; empty when the configuration was not read from a file
 */
public record IdentityConfig(String table, String key, List<MatchRule> match, Fallback unmatched,
    List<String> softReferences, ManyToOne manyToOne, Map<String, String> locations)
    implements java.io.Serializable {

  public IdentityConfig {
    match = List.copyOf(match);
    softReferences = List.copyOf(softReferences);
    manyToOne = manyToOne == null ? ManyToOne.WARN : manyToOne;
    locations = locations == null ? Map.of() : Map.copyOf(locations);
  }

  /** A configuration not read from a file, many-to-one maps warned about. */
  public IdentityConfig(String table, String key, List<MatchRule> match, Fallback unmatched,
      List<String> softReferences) {
    this(table, key, match, unmatched, softReferences, ManyToOne.WARN, Map.of());
  }

  /**
   * A setting and where it is, for messages: {@code identity.unmatched, ferry.yaml:8}, or
   * {@code identity.unmatched} alone when it was not read from a file (or left to its default).
   */
  public String where(String setting) {
    String at = locations.get(setting);
    return "identity." + setting + (at == null ? "" : ", " + at);
  }

  /** Where {@code identity.table} is set, for messages: {@code identity.table, ferry.yaml:4}. */
  public String tableSetting() {
    return where("table");
  }

  /**
   * What a map that sends several source identities to one target identity means ({@code
   * identity.many-to-one}). Two people of the source becoming one person of the target merges
   * their data: usually a duplicate account in the source, sometimes a mistake in the map. The
   * {@code default:<key>} fallback maps many users to one on purpose and never counts.
   */
  public enum ManyToOne {
    /** Allowed; still listed in {@code users-validation.json}. */
    ALLOW,
    /** Allowed, and listed on screen by {@code users map} and {@code users validate}. */
    WARN,
    /** A problem that makes the map invalid: validation and copies refuse it. */
    REFUSE;

    /** Parses {@code allow}, {@code warn} or {@code refuse}. */
    public static ManyToOne parse(String text, String where) {
      for (ManyToOne value : values()) {
        if (value.name().equalsIgnoreCase(text)) {
          return value;
        }
      }
      throw new FerryException(ErrorCode.CONFIGURATION, where + ": many-to-one must be allow,"
          + " warn or refuse, not '" + text + "'");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The columns any rule compares, in rule order, without repeats. */
  public List<String> matchColumns() {
    return match.stream().map(MatchRule::column).distinct().toList();
  }

  /**
   * One matching rule.
   *
   * @param column the column compared on both sides
   * @param ignoreCase compare ignoring letter case
   * @param regex when set, the source value is first rewritten: if it matches, with {@code
   *     replace} (Java group references {@code $1}); if not, the rule does not apply
   * @param replace the replacement for {@code regex}
   */
  public record MatchRule(String column, boolean ignoreCase, Pattern regex, String replace)
      implements java.io.Serializable {

    /** The value a source identity is compared with, or null when the rule does not apply. */
    public String sourceValue(String value) {
      if (value == null) {
        return null;
      }
      String result = value;
      if (regex != null) {
        Matcher m = regex.matcher(value);
        if (!m.matches()) {
          return null;
        }
        result = m.replaceAll(replace);
      }
      return ignoreCase ? result.toLowerCase(Locale.ROOT) : result;
    }

    /** The value a target identity is indexed by for this rule. */
    public String targetValue(String value) {
      if (value == null) {
        return null;
      }
      return ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** How the rule is named in the map's {@code matched_by} column. */
    public String describe() {
      return column + (ignoreCase ? " (ignore-case)" : "")
          + (regex != null ? " (regex " + regex.pattern() + " -> " + replace + ")" : "");
    }
  }

  /**
   * What happens to a referenced identity no rule matched.
   *
   * @param kind {@code fail}, {@code default}, {@code null} or {@code create}
   * @param defaultKey the target key for {@code default}
   */
  public record Fallback(String kind, String defaultKey) implements java.io.Serializable {

    public static final String FAIL = "fail";
    public static final String DEFAULT = "default";
    public static final String NULL = "null";
    public static final String CREATE = "create";

    /** Parses {@code fail}, {@code null}, {@code create} or {@code default:<key>}. */
    public static Fallback parse(String text, String where) {
      if (text == null || text.equals(FAIL)) {
        return new Fallback(FAIL, null);
      }
      if (text.equals(NULL) || text.equals(CREATE)) {
        return new Fallback(text, null);
      }
      if (text.startsWith(DEFAULT + ":") && text.length() > DEFAULT.length() + 1) {
        return new Fallback(DEFAULT, text.substring(DEFAULT.length() + 1));
      }
      throw new FerryException(ErrorCode.CONFIGURATION, where + ": unmatched must be fail,"
          + " null, create or default:<target key>, not '" + text + "'");
    }

    @Override
    public String toString() {
      return DEFAULT.equals(kind) ? kind + ":" + defaultKey : kind;
    }
  }
}

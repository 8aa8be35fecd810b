package dev.ferry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.CastRule;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code ferry.yaml}'s {@code casts:} section: a list of rules, each refused with its file
 * and line when a setting is unknown or a type is not one ferry can write.
 */
final class CastRules {

  private static final Set<String> KEYS = Set.of("type", "table", "column", "to",
      "zero-dates");
  private static final Set<String> DIALECTS = Set.of("postgres", "mysql", "sqlite", "h2",
      "sqlserver", CastRule.ANY_DIALECT);

  private CastRules() {}

  static List<CastRule> parse(Path file, Map<String, Integer> lines, JsonNode node) {
    List<CastRule> rules = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return rules;
    }
    int top = lines.getOrDefault("/casts", 1);
    if (!node.isArray()) {
      throw error(file, top, "'casts' must be a list of rules (- type: datetime\n    to:"
          + " timestamp)");
    }
    for (int i = 0; i < node.size(); i++) {
      String pointer = "/casts/" + i;
      JsonNode rule = node.get(i);
      int line = lines.getOrDefault(pointer, top);
      String what = "cast rule " + (i + 1);
      if (!rule.isObject()) {
        throw error(file, line, what + " must be a mapping (type, table, column, to)");
      }
      for (String key : (Iterable<String>) rule::fieldNames) {
        if (!KEYS.contains(key)) {
          throw error(file, lines.getOrDefault(pointer + "/" + key, line), "unknown setting '"
              + key + "' in " + what + ". Known settings: " + String.join(", ",
                  new TreeSet<>(KEYS)) + ".");
        }
      }
      String type = text(file, lines, pointer, rule, "type", line);
      if (type != null && !CastRule.validSourceType(type)) {
        throw error(file, lines.getOrDefault(pointer + "/type", line), what + ": '" + type
            + "' is no source type a rule can match; write it as the source declares it:"
            + " datetime, tinyint(1), nvarchar(max), int unsigned");
      }
      String table = text(file, lines, pointer, rule, "table", line);
      String column = text(file, lines, pointer, rule, "column", line);
      Map<String, String> to = targets(file, lines, pointer, rule.get("to"), what, line);
      if (type == null && column == null) {
        throw error(file, line, what + " matches nothing: give it a 'type' (the source's, e.g."
            + " datetime) or a 'column' (a name or glob, e.g. '*_at')");
      }
      Boolean zeroDates = zeroDates(file, lines, pointer, rule, what, line, type);
      if (to.isEmpty() && zeroDates == null) {
        throw error(file, line, what + " has no 'to': name the target type (to: timestamp, or"
            + " per dialect to: {postgres: timestamptz, '*': timestamp}), or say what becomes of"
            + " MariaDB's zero dates (zero-dates: null)");
      }
      rules.add(new CastRule(type == null ? null : CastRule.normalise(type), table, column, to,
          file + ":" + line, zeroDates));
    }
    return rules;
  }

  /**
   * {@code zero-dates: null} (the YAML null, or the word) turns MariaDB's zero dates into NULL,
   * {@code zero-dates: refuse} refuses them as without a rule; absent, null.
   */
  private static Boolean zeroDates(Path file, Map<String, Integer> lines, String pointer,
      JsonNode rule, String what, int line, String type) {
    if (!rule.has("zero-dates")) {
      return null;
    }
    int at = lines.getOrDefault(pointer + "/zero-dates", line);
    JsonNode value = rule.get("zero-dates");
    String word = value.isNull() ? "null" : value.isValueNode() ? value.asText().strip() : "";
    if (!word.equals("null") && !word.equals("refuse")) {
      throw error(file, at, what + ": zero-dates takes null (MariaDB's zero dates, 0000-00-00"
          + " and dates with a zero month or day, become NULL) or refuse (they are refused, as"
          + " without a rule)");
    }
    if (type != null && !CastRule.ZERO_DATE_TYPES.contains(CastRule.normalise(type)
        .replaceAll("\\(.*\\)", ""))) {
      throw error(file, at, what + ": zero-dates applies to date and datetime columns, and"
          + " the rule matches the type '" + type + "'; name " + String.join(", ",
              CastRule.ZERO_DATE_TYPES) + ", or match columns by name alone");
    }
    return word.equals("null");
  }

  private static Map<String, String> targets(Path file, Map<String, Integer> lines,
      String pointer, JsonNode to, String what, int line) {
    Map<String, String> targets = new LinkedHashMap<>();
    if (to == null || to.isNull()) {
      return targets;
    }
    int at = lines.getOrDefault(pointer + "/to", line);
    if (to.isValueNode()) {
      targets.put(CastRule.ANY_DIALECT, target(file, at, to.asText(), what));
      return targets;
    }
    if (!to.isObject()) {
      throw error(file, at, what + ": 'to' must be a type (to: timestamp) or a mapping of"
          + " dialects to types (to: {postgres: timestamptz, '*': timestamp})");
    }
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) to::fields) {
      int keyLine = lines.getOrDefault(pointer + "/to/" + e.getKey(), at);
      if (!DIALECTS.contains(e.getKey())) {
        throw error(file, keyLine, what + ": unknown dialect '" + e.getKey() + "' in 'to'."
            + " Known: " + String.join(", ", new TreeSet<>(DIALECTS)) + ".");
      }
      if (!e.getValue().isValueNode()) {
        throw error(file, keyLine, what + ": to." + e.getKey() + " must be a type");
      }
      targets.put(e.getKey(), target(file, keyLine, e.getValue().asText(), what));
    }
    return targets;
  }

  private static String target(Path file, int line, String text, String what) {
    if (CastRule.parseTarget(text) == null) {
      throw error(file, line, what + ": '" + text + "' is no type ferry can write. Name one of "
          + String.join(", ", CastRule.TYPES) + " (varchar, char and varbinary with a length:"
          + " varchar(100); decimal(19,4); timestamp(3))");
    }
    return text.strip();
  }

  private static String text(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, String key, int line) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode() || value.asText().isBlank()) {
      throw error(file, lines.getOrDefault(pointer + "/" + key, line), "'" + key + "' must be"
          + " a single value");
    }
    return value.asText().strip();
  }

  private static FerryException error(Path file, int line, String message) {
    return new FerryException(ErrorCode.CONFIGURATION, file + ":" + line + ": " + message);
  }
}

package dev.ferry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.KeyPolicy;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code match:} and {@code normalise:} settings of a {@code tables:} entry, which give the
 * natural key of {@code keys: match} (docs/configuration.md).
 */
final class NaturalKeySetting {

  /** The normalisations {@code normalise:} takes. */
  static final List<String> NORMALISATIONS = List.of("trim", "lower-case");

  private NaturalKeySetting() {}

  /**
   * The entry's key policy, from the text of its {@code keys:} setting; null when it gives none.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for an unknown policy, with its line
   */
  static KeyPolicy policy(Path file, Map<String, Integer> lines, String pointer,
      Map.Entry<String, JsonNode> named, String keys) {
    KeyPolicy policy = keys == null ? null : KeyPolicy.parse(keys);
    if (keys != null && policy == null) {
      throw error(file, lines.getOrDefault(pointer + "/keys", lines.getOrDefault(pointer, 1)),
          "tables." + named.getKey() + ".keys must be one of " + KeyPolicy.labels() + ", not '"
          + keys + "'");
    }
    return policy;
  }

  /**
   * The entry's natural key: null when its policy is not {@code match}.
   *
   * @param pointer the entry's JSON pointer, for the lines of its settings
   * @param named the entry: the table's name and its settings
   * @throws FerryException {@link ErrorCode#CONFIGURATION} with the file and line: {@code match}
   *     without {@code keys: match} or the reverse, a list that is empty or holds other than
   *     column names, an unknown normalisation
   */
  static CopyOptions.NaturalKey of(Path file, Map<String, Integer> lines, String pointer,
      Map.Entry<String, JsonNode> named, KeyPolicy policy) {
    int line = lines.getOrDefault(pointer, 1);
    String table = named.getKey();
    JsonNode entry = named.getValue();
    JsonNode match = entry.path("match");
    JsonNode normalise = entry.path("normalise");
    boolean given = !match.isMissingNode() && !match.isNull();
    int matchLine = lines.getOrDefault(pointer + "/match", line);
    if (policy != KeyPolicy.MATCH) {
      if (given || !normalise.isMissingNode()) {
        throw error(file, given ? matchLine : lines.getOrDefault(pointer + "/normalise", line),
            "tables." + table + "." + (given ? "match" : "normalise") + " is a setting of keys:"
            + " match; add keys: match, or remove it");
      }
      return null;
    }
    List<String> columns = names(file, matchLine, "tables." + table + ".match", match, given);
    if (columns.isEmpty()) {
      throw error(file, given ? matchLine : line, "tables." + table + " has keys: match but no"
          + " natural key: add match: [column, ...] (the columns that identify a row in both"
          + " databases, e.g. match: [email])");
    }
    int normaliseLine = lines.getOrDefault(pointer + "/normalise", line);
    List<String> how = names(file, normaliseLine, "tables." + table + ".normalise", normalise,
        !normalise.isMissingNode() && !normalise.isNull());
    for (String n : how) {
      if (!NORMALISATIONS.contains(n)) {
        throw error(file, normaliseLine, "tables." + table + ".normalise takes "
            + String.join(", ", NORMALISATIONS) + ", not '" + n + "'");
      }
    }
    return new CopyOptions.NaturalKey(columns, how.contains("trim"), how.contains("lower-case"));
  }

  /** A list of names, or one name. */
  private static List<String> names(Path file, int line, String setting, JsonNode node,
      boolean given) {
    List<String> names = new ArrayList<>();
    if (!given) {
      return names;
    }
    if (node.isValueNode()) {
      names.add(node.asText().trim());
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        if (!n.isValueNode() || n.asText().isBlank()) {
          throw error(file, line, setting + " must list names, e.g. [email]");
        }
        names.add(n.asText().trim());
      }
    } else {
      throw error(file, line, setting + " must list names, e.g. [email]");
    }
    return names;
  }

  private static FerryException error(Path file, int line, String message) {
    return new FerryException(ErrorCode.CONFIGURATION, file + ":" + line + ": " + message);
  }
}

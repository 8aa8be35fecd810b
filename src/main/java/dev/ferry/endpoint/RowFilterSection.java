package dev.ferry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.CopyOptions;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The row filters of the {@code tables:} section: a table's {@code where:} condition and its
 * {@code keys-file:} allowlist (docs/configuration.md). The condition is checked here to be one
 * boolean expression ({@link RowCondition}); whether it runs on the source is asked in preflight.
 */
final class RowFilterSection {

  private RowFilterSection() {}

  /** Whether a table's entry gives a setting other than {@code merge:}. */
  static boolean besidesMerge(JsonNode entry) {
    return entry.has("keys") || entry.has("soft-references") || gives(entry);
  }

  /** Whether a table's entry gives a row filter. */
  static boolean gives(JsonNode entry) {
    return entry.has("where") || entry.has("keys-file");
  }

  /** The row filters of the section, in file order; {@code tables} is already known valid. */
  static List<CopyOptions.RowFilter> read(Path file, Map<String, Integer> lines, JsonNode tables) {
    return read(file, lines, "", tables);
  }

  /** The row filters of a {@code tables:} section at {@code prefix} (a JSON pointer). */
  static List<CopyOptions.RowFilter> read(Path file, Map<String, Integer> lines, String prefix,
      JsonNode tables) {
    List<CopyOptions.RowFilter> filters = new ArrayList<>();
    if (!tables.isObject()) {
      return filters;
    }
    for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) tables::fields) {
      if (!gives(entry.getValue())) {
        continue;
      }
      String pointer = prefix + "/tables/" + entry.getKey().replace("~", "~0").replace("/", "~1");
      int line = lines.getOrDefault(pointer, 1);
      String name = "tables." + entry.getKey();
      String condition = null;
      int conditionLine = lines.getOrDefault(pointer + "/where", line);
      JsonNode where = entry.getValue().get("where");
      if (where != null) {
        if (!where.isTextual() || where.asText().isBlank()) {
          throw error(file, conditionLine, name + ".where must be a SQL condition on the"
              + " source table's columns, as text: where: \"region = 'EU'\"");
        }
        condition = where.asText().strip();
        String problem = RowCondition.problem(condition);
        if (problem != null) {
          throw error(file, conditionLine, name + ".where " + problem);
        }
      }
      Path keysFile = null;
      String keysFileWhere = null;
      JsonNode keys = entry.getValue().get("keys-file");
      if (keys != null) {
        int keysLine = lines.getOrDefault(pointer + "/keys-file", line);
        if (!keys.isTextual() || keys.asText().isBlank()) {
          throw error(file, keysLine, name + ".keys-file must be the path of a CSV file of keys,"
              + " relative to " + file.getFileName() + ": keys-file: allow.csv");
        }
        Path dir = file.toAbsolutePath().getParent();
        keysFile = dir == null ? Path.of(keys.asText()) : dir.resolve(keys.asText()).normalize();
        keysFileWhere = file + ":" + keysLine;
      }
      filters.add(new CopyOptions.RowFilter(entry.getKey(), condition, keysFile,
          file + ":" + (condition == null ? line : conditionLine), keysFileWhere));
    }
    return filters;
  }

  private static FerryException error(Path file, int line, String message) {
    return new FerryException(ErrorCode.CONFIGURATION, file + ":" + line + ": " + message);
  }
}

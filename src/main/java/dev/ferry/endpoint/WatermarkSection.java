package dev.ferry.endpoint;

import static dev.ferry.endpoint.ConfigLoader.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.SyncJob;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sync job's {@code watermark:} and {@code watermark-overlap:} under {@code tables:}
 * (docs/sync.md, "Watermarks"): read here, and taken out of the section that {@code ferry.yaml}'s
 * {@code tables:} reader checks next.
 */
final class WatermarkSection {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  /** The watermarks, and the section without them. */
  record Read(List<SyncJob.Watermark> watermarks, JsonNode rest) {}

  private WatermarkSection() {}

  static Read read(Path file, Map<String, Integer> lines, String prefix, JsonNode tables,
      String what) {
    List<SyncJob.Watermark> watermarks = new ArrayList<>();
    if (!tables.isObject()) {
      return new Read(watermarks, tables);
    }
    ObjectNode rest = tables.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode settings = entry.getValue();
      String pointer = prefix + "/tables/" + name.replace("~", "~0").replace("/", "~1");
      int line = lines.getOrDefault(pointer, 1);
      if (!settings.isObject() || !settings.has("watermark")
          && !settings.has("watermark-overlap")) {
        continue;
      }
      int at = lines.getOrDefault(pointer + "/watermark", line);
      JsonNode column = settings.get("watermark");
      if (column == null || !column.isTextual() || column.asText().isBlank()) {
        throw error(file, lines.getOrDefault(pointer + "/watermark-overlap", at), what
            + ": tables." + name + " needs 'watermark: <column>' (a timestamp, date or number"
            + " column every change raises) beside its watermark-overlap");
      }
      if (name.contains("*") || name.contains("?")) {
        throw error(file, line, what + ": tables: '" + name + "' is a glob; a watermark names"
            + " one table");
      }
      if ("replace".equals(settings.path("children").asText(null))) {
        throw error(file, at, what + ": tables." + name + " has children: replace, which"
            + " deletes the children a cycle does not read, and a watermark reads only those"
            + " that changed: give the table one or the other");
      }
      JsonNode overlap = settings.get("watermark-overlap");
      Duration time = null;
      BigDecimal number = null;
      if (overlap != null) {
        int overlapLine = lines.getOrDefault(pointer + "/watermark-overlap", at);
        Matcher m = DURATION.matcher(overlap.asText().strip());
        if (overlap.isNumber() && overlap.decimalValue().signum() >= 0) {
          number = overlap.decimalValue();
        } else if (overlap.isTextual() && m.matches()) {
          time = duration(Long.parseLong(m.group(1)), m.group(2));
        } else {
          throw error(file, overlapLine, what + ": tables." + name + ".watermark-overlap"
              + " must be a duration for a timestamp or date column (0s, 5s, 2m) or a number"
              + " of at least 0 for a number column, not '" + overlap.asText() + "'");
        }
      }
      watermarks.add(new SyncJob.Watermark(name, column.asText().strip(), time, number,
          file + ":" + at));
      ObjectNode kept = ((ObjectNode) rest.get(name));
      kept.remove(List.of("watermark", "watermark-overlap"));
      if (kept.isEmpty()) {
        rest.remove(name);
      }
    }
    return new Read(watermarks, rest);
  }

  private static Duration duration(long amount, String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}

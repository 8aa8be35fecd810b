package dev.ferry.endpoint;

import static dev.ferry.endpoint.ConfigLoader.error;
import static dev.ferry.endpoint.ConfigLoader.unknownKeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.SyncJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A job's {@code capture:} in {@code sync.yaml} (docs/sync.md, "Change data capture"): {@code
 * cycles} (the default) or {@code cdc}, as a word or as {@code {mode: cdc, batch-events: 1000,
 * batch-wait: 500ms, deletes: true}}.
 */
final class CaptureSection {

  private static final Set<String> KEYS = Set.of("mode", "batch-events", "batch-wait",
      "deletes");

  /** Reads a duration setting of a mapping, as sync.yaml's other durations. */
  interface Durations {
    Duration read(Path file, Map<String, Integer> lines, String pointer, JsonNode node,
        String key, String what);
  }

  private CaptureSection() {}

  /** The job's capture; null for scheduled cycles. */
  static SyncJob.Capture read(Path file, Map<String, Integer> lines, String parent,
      JsonNode job, String what, String sourceUrl, KeyPolicy keys, Durations durations) {
    JsonNode node = job.get("capture");
    if (node == null || node.isNull()) {
      return null;
    }
    String pointer = parent + "/capture";
    int line = lines.getOrDefault(pointer, lines.getOrDefault(parent, 1));
    String where = file + ":" + line;
    JsonNode mode = node.isObject() ? node.get("mode") : node;
    if (node.isObject()) {
      unknownKeys(file, lines, pointer, node, KEYS, what + ", capture");
    }
    String text = mode == null || !mode.isTextual() ? null : mode.asText().strip();
    if (!"cdc".equals(text) && !"cycles".equals(text)) {
      int at = node.isObject() ? lines.getOrDefault(pointer + "/mode", line) : line;
      throw error(file, at, what + ": 'capture' must be cycles (the default: scheduled"
          + " cycles) or cdc (change data capture from the source's log), e.g. capture: cdc"
          + (text == null ? "" : "; not '" + text + "'"));
    }
    if (text.equals("cycles")) {
      return null;
    }
    if (sourceUrl == null || !(sourceUrl.startsWith("jdbc:postgresql:")
        || sourceUrl.startsWith("jdbc:mariadb:") || sourceUrl.startsWith("jdbc:mysql:"))) {
      throw error(file, line, what + ": capture: cdc reads PostgreSQL's logical decoding or"
          + " MariaDB's binlog and needs a PostgreSQL or MariaDB source (jdbc:postgresql:...,"
          + " jdbc:mariadb:...); give this job scheduled cycles (remove 'capture') instead");
    }
    int events = SyncJob.Capture.DEFAULT_EVENTS;
    Duration wait = SyncJob.Capture.DEFAULT_WAIT;
    boolean deletes = false;
    if (node.isObject()) {
      JsonNode count = node.get("batch-events");
      if (count != null) {
        if (!count.isIntegralNumber() || !count.canConvertToInt() || count.asInt() < 1
            || count.asInt() > 100_000) {
          throw error(file, lines.getOrDefault(pointer + "/batch-events", line), what
              + ": capture.batch-events must be a whole number of changes from 1 to 100000,"
              + " e.g. batch-events: 1000");
        }
        events = count.asInt();
      }
      Duration given = durations.read(file, lines, pointer, node, "batch-wait",
          what + ", capture");
      wait = given == null ? wait : given;
      JsonNode del = node.get("deletes");
      if (del != null) {
        if (!del.isBoolean()) {
          throw error(file, lines.getOrDefault(pointer + "/deletes", line), what
              + ": capture.deletes must be true (rows deleted on the source are deleted from"
              + " the target) or false (the default: they are kept)");
        }
        deletes = del.asBoolean();
      }
    }
    if (deletes && keys == KeyPolicy.REMAP) {
      throw error(file, line, what + ": capture.deletes is not built for keys: remap (a"
          + " deleted source row's target key would come from the id map); use keys: preserve"
          + " or deletes: false");
    }
    return new SyncJob.Capture(events, wait, deletes, where);
  }
}

package dev.ferry.endpoint;

import static dev.ferry.endpoint.ConfigLoader.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.SyncJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A sync job's {@code deletes:} under {@code tables:} (docs/sync.md, "Deletes"): read and
 * checked here, and taken out of the section that {@code ferry.yaml}'s {@code tables:} reader
 * checks next.
 */
final class DeletesSection {

  /** The tables whose rows the source lacks are deleted, and the section without the key. */
  record Read(List<SyncJob.Deletes> deletes, JsonNode rest) {}

  private DeletesSection() {}

  /**
   * @param keys the job's key policy; null for preserve
   * @param both whether the job copies both ways
   */
  static Read read(Path file, Map<String, Integer> lines, String prefix, JsonNode tables,
      String what, KeyPolicy keys, boolean both) {
    List<SyncJob.Deletes> deletes = new ArrayList<>();
    if (!tables.isObject()) {
      return new Read(deletes, tables);
    }
    ObjectNode rest = tables.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode settings = entry.getValue();
      if (!settings.isObject() || !settings.has("deletes")) {
        continue;
      }
      String pointer = prefix + "/tables/" + name.replace("~", "~0").replace("/", "~1");
      int at = lines.getOrDefault(pointer + "/deletes", lines.getOrDefault(pointer, 1));
      JsonNode value = settings.get("deletes");
      if (!value.isBoolean()) {
        throw error(file, at, what + ": tables." + name + ".deletes must be true (each cycle"
            + " deletes the target's rows of the table that the source lacks) or false, not '"
            + value.asText() + "'");
      }
      ObjectNode kept = (ObjectNode) rest.get(name);
      kept.remove("deletes");
      if (kept.isEmpty()) {
        rest.remove(name);
      }
      if (!value.asBoolean()) {
        continue;
      }
      if (name.contains("*") || name.contains("?")) {
        throw error(file, at, what + ": tables: '" + name + "' is a glob; deletes: true names"
            + " one table");
      }
      for (String filter : List.of("where", "keys-file")) {
        if (settings.has(filter)) {
          throw error(file, at, what + ": tables." + name + " has " + filter + ":, and"
              + " deletes: true deletes every target row of the table whose key the source"
              + " lacks, those outside the " + filter + " too: give the table one or the other");
        }
      }
      if (settings.has("children")) {
        throw error(file, at, what + ": tables." + name + " has children:, which deletes the"
            + " children of the rows a cycle brings, and deletes: true, which deletes the"
            + " rows of the whole table the source lacks: give the table one or the other");
      }
      KeyPolicy own = settings.has("keys") ? KeyPolicy.parse(settings.get("keys").asText())
          : keys;
      if (own != null && own != KeyPolicy.PRESERVE) {
        throw error(file, at, what + ": tables." + name + ": deletes: true finds the target's"
            + " rows by the source's keys, which keys: " + own.name().toLowerCase(
                java.util.Locale.ROOT) + " does not keep; give the table keys: preserve, or"
            + " remove deletes:");
      }
      if (both) {
        throw error(file, at, what + ": tables." + name + ": deletes: true under direction"
            + " both would delete each side's new rows on the other side (a row one side lacks"
            + " was deleted there or added here: a cycle cannot tell which); give the job"
            + " direction push or pull, or remove deletes:");
      }
      deletes.add(new SyncJob.Deletes(name, file + ":" + at));
    }
    return new Read(deletes, rest);
  }
}

package dev.ferry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.CopyOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code soft-references:} list of {@code ferry.yaml}: columns that hold another table's keys
 * without a foreign key, one {@code table.column} (or {@code schema.table.column}) per line. The
 * identity section and a table's {@code keys: remap} entry both have one.
 */
final class SoftReferenceList {

  private SoftReferenceList() {}

  /**
   * The list under {@code pointer}, each entry with its file and line.
   *
   * @throws dev.ferry.error.FerryException for a list that is not one, or an entry that is not
   *     {@code table.column}
   */
  static List<CopyOptions.SoftReference> read(Path file, Map<String, Integer> lines,
      String pointer, JsonNode node, int line) {
    List<CopyOptions.SoftReference> soft = new ArrayList<>();
    JsonNode refs = node.path("soft-references");
    int refsLine = lines.getOrDefault(pointer + "/soft-references", line);
    if (!refs.isMissingNode() && !refs.isNull() && !refs.isArray()) {
      throw ConfigLoader.error(file, refsLine, "'soft-references' must be a list, one"
          + " table.column per line (- " + (refs.isValueNode() ? refs.asText()
              : "audit_log.actor_id") + ")");
    }
    for (int i = 0; i < refs.size(); i++) {
      JsonNode ref = refs.get(i);
      int at = lines.getOrDefault(pointer + "/soft-references/" + i, refsLine);
      if (!ref.isValueNode() || ref.asText().indexOf('.') < 1
          || ref.asText().endsWith(".")) {
        throw ConfigLoader.error(file, at, "soft reference " + (i + 1) + " must be"
            + " table.column (or schema.table.column), not " + (ref.isValueNode()
                ? "'" + ref.asText() + "'" : "a mapping"));
      }
      soft.add(new CopyOptions.SoftReference(ref.asText(), file + ":" + at));
    }
    return soft;
  }
}

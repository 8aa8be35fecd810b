package dev.ferry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.MergeMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code tables:} section of {@code ferry.yaml}: per table, its merge mode and key policy. */
final class TablesSection {

  private static final Set<String> KEYS = Set.of("merge", "newer-by", "keys", "match", "normalise", "where",
      "keys-file", "soft-references", "children", "parent", "files");

  private TablesSection() {}

  /**
   * The entries, each with its file and line.
   *
   * @throws dev.ferry.error.FerryException for a glob, an unknown setting or mode, {@code
   *     newer-wins} without {@code newer-by} or {@code newer-by} under another mode
   */
  static List<CopyOptions.TableMerge> read(Path file, Map<String, Integer> lines,
      JsonNode node) {
    return read(file, lines, "", node);
  }

  /** The entries of a {@code tables:} section at {@code prefix} (a JSON pointer; "" at the top). */
  static List<CopyOptions.TableMerge> read(Path file, Map<String, Integer> lines, String prefix,
      JsonNode node) {
    List<CopyOptions.TableMerge> tables = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return tables;
    }
    if (!node.isObject()) {
      throw ConfigLoader.error(file, lines.getOrDefault(prefix + "/tables", 1), "'tables' must map table"
          + " names to their settings (orders: {merge: update})");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      String pointer = prefix + "/tables/" + name.replace("~", "~0").replace("/", "~1");
      int line = lines.getOrDefault(pointer, 1);
      if (name.contains("*") || name.contains("?")) {
        throw ConfigLoader.error(file, line, "tables: '" + name + "' is a glob; name one table"
            + " (qualified or not) per entry");
      }
      if (!entry.getValue().isObject()) {
        throw ConfigLoader.error(file, line, "tables: '" + name + "' must be a mapping of"
            + " settings (merge: update)");
      }
      ConfigLoader.unknownKeys(file, lines, pointer, entry.getValue(), KEYS, "tables." + name);
      if (entry.getValue().size() == 1 && entry.getValue().has("files")) {
        continue; // files only (FilesSection): nothing of merging
      }
      String merge = text(file, lines, pointer, entry.getValue(), "merge");
      MergeMode mode = merge == null ? null : MergeMode.parse(merge);
      int mergeLine = lines.getOrDefault(pointer + "/merge", line);
      if (mode == null && (merge != null || !RowFilterSection.besidesMerge(entry.getValue())
          && !entry.getValue().has("children"))) {
        throw ConfigLoader.error(file, mergeLine, "tables." + name + ".merge must be one of "
            + MergeMode.labels() + ", not '" + merge + "'");
      }
      KeyPolicy policy = NaturalKeySetting.policy(file, lines, pointer, entry,
          text(file, lines, pointer, entry.getValue(), "keys"));
      String newerBy = text(file, lines, pointer, entry.getValue(), "newer-by");
      int newerLine = lines.getOrDefault(pointer + "/newer-by", line);
      if (mode == MergeMode.NEWER_WINS && newerBy == null) {
        throw ConfigLoader.error(file, mergeLine, "tables." + name + ": merge: newer-wins needs"
            + " the column that says which row is newer: add newer-by: <a timestamp, date,"
            + " integer or decimal column both sides have>");
      }
      if (mode != MergeMode.NEWER_WINS && newerBy != null) {
        throw ConfigLoader.error(file, newerLine, "tables." + name + ".newer-by is a setting"
            + " of merge: newer-wins, not of " + (mode == null ? "a table without merge"
                : "merge: " + mode.label()) + "; remove it, or merge the table with newer-wins");
      }
      tables.add(new CopyOptions.TableMerge(name, mode, file + ":" + line, policy, newerBy,
          newerBy == null ? null : file + ":" + newerLine,
          NaturalKeySetting.of(file, lines, pointer, entry, policy),
          children(file, lines, pointer, name, entry.getValue(), line),
          SoftReferenceList.read(file, lines, pointer, entry.getValue(), line)));
    }
    return tables;
  }

  /** The entry's {@code children:} and {@code parent:}; null without them. */
  private static dev.ferry.api.Children children(Path file, Map<String, Integer> lines,
      String pointer, String name, JsonNode node, int line) {
    String children = text(file, lines, pointer, node, "children");
    int childrenLine = lines.getOrDefault(pointer + "/children", line);
    int parentLine = lines.getOrDefault(pointer + "/parent", line);
    JsonNode parentNode = node.get("parent");
    String parent = null;
    if (parentNode != null && parentNode.isArray()) {
      List<String> columns = new ArrayList<>();
      parentNode.forEach(c -> columns.add(c.asText()));
      parent = String.join(", ", columns);
    } else {
      parent = text(file, lines, pointer, node, "parent");
    }
    if (children == null) {
      if (parent != null) {
        throw ConfigLoader.error(file, parentLine, "tables." + name + ".parent is a setting of"
            + " children: replace (or append); remove it, or add children: replace");
      }
      return null;
    }
    if (!children.equals("replace") && !children.equals("append")) {
      throw ConfigLoader.error(file, childrenLine, "tables." + name + ".children must be"
          + " replace or append, not '" + children + "'");
    }
    if (parent != null && parent.isBlank()) {
      throw ConfigLoader.error(file, parentLine, "tables." + name + ".parent must name the"
          + " parent table or the foreign key's columns");
    }
    return new dev.ferry.api.Children(children.equals("replace"), parent,
        file + ":" + childrenLine, parent == null ? null : file + ":" + parentLine);
  }

  private static String text(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw ConfigLoader.error(file, lines.getOrDefault(pointer + "/" + key, 1), "'" + key
          + "' must be a single value");
    }
    return value.asText();
  }
}

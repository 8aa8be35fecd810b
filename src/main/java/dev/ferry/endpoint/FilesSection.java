package dev.ferry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.FileRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's {@code files:} under {@code tables:} (docs/files.md): which column points to a file,
 * the stores on each side, the template and what a bad file costs. Checked here for its shape;
 * whether the stores and columns exist is checked by the copy's preflight, before any write,
 * with the lines recorded here.
 */
final class FilesSection {

  private static final Set<String> KEYS = Set.of("column", "sha256", "size", "from", "to",
      "template", "on-mismatch");

  private FilesSection() {}

  static List<FileRule> read(Path file, Map<String, Integer> lines, JsonNode tables) {
    return read(file, lines, tables, Map.of());
  }

  /**
   * The entries of a consolidation manifest's {@code tables:}, whose source stores are each
   * tenant's ({@code from:} is not given there): one rule per entry for that tenant.
   *
   * @param stores per table name as {@code tables:} writes it, the tenant's store (resolved) and
   *     where it was given ({@code file:line}); every entry must have one
   */
  static List<FileRule> forTenant(Path file, Map<String, Integer> lines, JsonNode tables,
      Map<String, Map.Entry<Path, String>> stores) {
    return read(file, lines, tables, stores);
  }

  private static List<FileRule> read(Path file, Map<String, Integer> lines, JsonNode tables,
      Map<String, Map.Entry<Path, String>> stores) {
    boolean tenant = !stores.isEmpty();
    List<FileRule> rules = new ArrayList<>();
    if (!tables.isObject()) {
      return rules;
    }
    Path dir = file.toAbsolutePath().getParent();
    for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode node = entry.getValue().get("files");
      if (node == null) {
        continue;
      }
      String name = entry.getKey();
      String pointer = "/tables/" + name.replace("~", "~0").replace("/", "~1") + "/files";
      int line = lines.getOrDefault(pointer, 1);
      String what = "tables." + name + ".files";
      if (!node.isObject()) {
        throw ConfigLoader.error(file, line, what + " must be a mapping: column, from, to"
            + " (and sha256, size, template, on-mismatch)");
      }
      ConfigLoader.unknownKeys(file, lines, pointer, node, KEYS, what);
      String column = text(file, lines, pointer, node, "column");
      String from = text(file, lines, pointer, node, "from");
      if (tenant && from != null) {
        throw ConfigLoader.error(file, lines.getOrDefault(pointer + "/from", line), what
            + ".from: in a manifest each tenant has its own source store; give it under the"
            + " tenant as files: {" + name + ": DIR}, and remove this from:");
      }
      Map.Entry<Path, String> store = stores.get(name);
      if (tenant && store == null) {
        continue;
      }
      if (tenant) {
        from = store.getKey().toString();
      }
      String to = text(file, lines, pointer, node, "to");
      for (String[] needed : new String[][] {{"column", column, "the column holding the file's"
          + " path, e.g. column: storage_path"}, {"from", from, "the source store, a directory"
          + " or a .tar/.tar.gz archive, e.g. from: /srv/uploads"}, {"to", to, "the target"
          + " store, a directory, e.g. to: /srv/new-uploads"}}) {
        if (needed[1] == null || needed[1].isBlank()) {
          throw ConfigLoader.error(file, line, what + " needs '" + needed[0] + "': "
              + needed[2]);
        }
      }
      String template = text(file, lines, pointer, node, "template");
      if (template != null && !FileRule.TEMPLATES.contains(template)) {
        throw ConfigLoader.error(file, lines.getOrDefault(pointer + "/template", line), what
            + ".template must be one of " + FileRule.TEMPLATES + ", not '" + template + "'");
      }
      String onMismatch = text(file, lines, pointer, node, "on-mismatch");
      if (onMismatch != null && !onMismatch.equals("skip-file")
          && !onMismatch.equals("skip-row")) {
        throw ConfigLoader.error(file, lines.getOrDefault(pointer + "/on-mismatch", line), what
            + ".on-mismatch must be skip-file or skip-row, not '" + onMismatch + "'");
      }
      Path fromPath = tenant ? store.getKey()
          : dir == null ? Path.of(from) : dir.resolve(from).normalize();
      Path toPath = dir == null ? Path.of(to) : dir.resolve(to).normalize();
      if (fromPath.equals(toPath)) {
        throw tenant ? new dev.ferry.error.FerryException(dev.ferry.error.ErrorCode
            .CONFIGURATION, store.getValue() + ": " + name + "'s source store is the target"
            + " store of " + file + ":" + line + " (" + toPath + "); give the target another"
            + " directory")
            : ConfigLoader.error(file, lines.getOrDefault(pointer + "/to", line), what
            + ": from and to are the same store (" + toPath + "); give the target another"
            + " directory");
      }
      rules.add(new FileRule(name, column, text(file, lines, pointer, node, "sha256"),
          text(file, lines, pointer, node, "size"), fromPath, toPath, template,
          "skip-row".equals(onMismatch), file + ":" + line,
          tenant ? store.getValue() : file + ":" + lines.getOrDefault(pointer + "/from", line),
          file + ":" + lines.getOrDefault(pointer + "/to", line)));
    }
    return rules;
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

package dev.ferry.endpoint;

import static dev.ferry.endpoint.ConfigLoader.error;
import static dev.ferry.endpoint.ConfigLoader.unknownKeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.Consolidation;
import dev.ferry.api.Consolidation.Drift;
import dev.ferry.api.Consolidation.TableSettings;
import dev.ferry.api.Consolidation.Tenant;
import dev.ferry.api.Consolidation.Transform;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.MergeMode;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a consolidation manifest (docs/consolidate.md). Every problem is reported as {@code
 * file:line: what is wrong and what to do} (exit 2); {@code ${VAR}} is replaced by the
 * environment variable's value, and passwords appear in no message.
 */
public final class ManifestLoader {

  private static final Set<String> TOP = Set.of("target", "tenants", "tenant-column", "tables",
      "batch-size", "drift");
  private static final Set<String> ENDPOINT = Set.of("url", "user", "password", "password-file");
  private static final Set<String> TENANT = Set.of("name", "id", "source", "files");
  private static final Set<String> TABLE = Set.of("tenant-column", "keys", "merge", "transforms",
      "files");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private final ConfigLoader config;

  /** A loader that expands {@code ${VAR}} from the process environment. */
  public ManifestLoader() {
    this(System::getenv);
  }

  /** A loader that expands {@code ${VAR}} with the given lookup (tests). */
  public ManifestLoader(Function<String, String> environment) {
    this.config = new ConfigLoader(environment);
  }

  /**
   * Loads the manifest.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for any problem in the file
   */
  public Consolidation load(Path file) {
    if (!Files.exists(file)) {
      throw new FerryException(ErrorCode.CONFIGURATION, "manifest " + file + " not found."
          + " Check the --manifest path.");
    }
    Map<String, Integer> lines = new HashMap<>();
    JsonNode root = ConfigLoader.parse(file, lines);
    if (root == null || !root.isObject()) {
      throw error(file, 1, "the manifest must be a mapping with 'target:' and 'tenants:'");
    }
    unknownKeys(file, lines, "", root, TOP, "the manifest");
    if (!root.has("target")) {
      throw error(file, 1, "the manifest has no 'target:'. Add the target database: target:"
          + " {url: jdbc:postgresql://host/db, user: ..., password: ${VAR}}");
    }
    ConnectionSpec target = endpoint(file, lines, "/target", root.get("target"), "target");
    String tenantColumn = config.text(file, lines, "", root, "tenant-column");
    Map<String, TableSettings> tables = tables(file, lines, root.path("tables"));
    tenantColumn = tenantColumn == null ? "tenant_id" : "none".equals(tenantColumn) ? ""
        : tenantColumn;
    int batchSize = CopyOptions.DEFAULT_BATCH_SIZE;
    JsonNode batch = root.get("batch-size");
    if (batch != null) {
      if (!batch.canConvertToInt() || !batch.isIntegralNumber() || batch.asInt() < 1) {
        throw error(file, lines.getOrDefault("/batch-size", 1), "'batch-size' must be a"
            + " positive whole number of rows, e.g. batch-size: 10000");
      }
      batchSize = batch.asInt();
    }
    Drift drift = Drift.REFUSE;
    String driftText = config.text(file, lines, "", root, "drift");
    if (driftText != null) {
      switch (driftText) {
        case "refuse" -> drift = Drift.REFUSE;
        case "ignore-extra-columns" -> drift = Drift.IGNORE_EXTRA_COLUMNS;
        default -> throw error(file, lines.getOrDefault("/drift", 1), "unknown 'drift: "
            + driftText + "'. Use refuse (the default) or ignore-extra-columns.");
      }
    }
    return new Consolidation(file, target, tenantColumn, tables,
        tenants(file, lines, root.get("tenants"), root.path("tables")), batchSize, drift);
  }

  private List<Tenant> tenants(Path file, Map<String, Integer> lines, JsonNode node,
      JsonNode tables) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw error(file, lines.getOrDefault("/tenants", 1), "'tenants:' must list at least one"
          + " tenant: - {name: north, id: north, source: {url: jdbc:...}}");
    }
    List<Tenant> tenants = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String pointer = "/tenants/" + i;
      int line = lines.getOrDefault(pointer, 1);
      JsonNode t = node.get(i);
      if (!t.isObject()) {
        throw error(file, line, "tenant " + (i + 1) + " must be a mapping with name, id and"
            + " source");
      }
      unknownKeys(file, lines, pointer, t, TENANT, "tenant " + (i + 1));
      String name = config.text(file, lines, pointer, t, "name");
      if (name == null || !NAME.matcher(name).matches()) {
        throw error(file, line, "tenant " + (i + 1) + " needs a 'name' of letters, digits, '_',"
            + " '.' or '-' (it names the tenant in reports and messages)");
      }
      String id = config.text(file, lines, pointer, t, "id");
      id = id == null ? name : id;
      if (!names.add(name) || !ids.add(id)) {
        throw error(file, line, "tenant '" + name + "' repeats the name or id of an earlier"
            + " tenant: each tenant needs its own name and id");
      }
      if (!t.has("source")) {
        throw error(file, line, "tenant '" + name + "' has no 'source:'. Add its database:"
            + " source: {url: jdbc:...}");
      }
      tenants.add(new Tenant(name, id, endpoint(file, lines, pointer + "/source",
          t.get("source"), "tenant '" + name + "'"), file + ":" + line,
          FilesSection.forTenant(file, lines, tables, stores(file, lines, pointer, t, name,
              tables))));
    }
    return tenants;
  }

  /**
   * A tenant's {@code files:}, its source store per table whose {@code files:} the manifest
   * gives (paths relative to the manifest): one for each such table, and only for those.
   */
  private Map<String, Map.Entry<Path, String>> stores(Path file, Map<String, Integer> lines,
      String pointer, JsonNode tenant, String name, JsonNode tables) {
    Set<String> withFiles = new java.util.TreeSet<>();
    if (tables.isObject()) {
      tables.fields().forEachRemaining(e -> {
        if (e.getValue().has("files")) {
          withFiles.add(e.getKey());
        }
      });
    }
    JsonNode node = tenant.path("files");
    int line = lines.getOrDefault(pointer, 1);
    if (!node.isMissingNode() && !node.isObject()) {
      throw error(file, lines.getOrDefault(pointer + "/files", line), "tenant '" + name
          + "': 'files' must map each table with files to this tenant's store, e.g. files:"
          + " {attachment: uploads/" + name + "}");
    }
    Map<String, Map.Entry<Path, String>> stores = new LinkedHashMap<>();
    Path dir = file.toAbsolutePath().getParent();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String table = it.next();
      String at = pointer + "/files/" + table.replace("~", "~0").replace("/", "~1");
      int where = lines.getOrDefault(at, line);
      if (!withFiles.contains(table)) {
        throw error(file, where, "tenant '" + name + "': files names table '" + table + "',"
            + " which has no 'files:' under tables: give it one (column, to, template), or"
            + " remove this entry");
      }
      String path = config.text(file, lines, pointer + "/files", node, table);
      if (path == null || path.isBlank()) {
        throw error(file, where, "tenant '" + name + "': files." + table + " must name the"
            + " tenant's store, a directory or a .tar/.tar.gz archive");
      }
      stores.put(table, Map.entry(dir == null ? Path.of(path) : dir.resolve(path).normalize(),
          file + ":" + where));
    }
    for (String table : withFiles) {
      if (!stores.containsKey(table)) {
        throw error(file, line, "tenant '" + name + "' has no store for the files of table '"
            + table + "': add files: {" + table + ": DIR} to the tenant (its directory or"
            + " .tar/.tar.gz archive of those files)");
      }
    }
    return stores;
  }

  private ConnectionSpec endpoint(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, String what) {
    int line = lines.getOrDefault(pointer, 1);
    if (!node.isObject()) {
      throw error(file, line, what + " must be a mapping with at least 'url'");
    }
    unknownKeys(file, lines, pointer, node, ENDPOINT, what);
    String url = config.text(file, lines, pointer, node, "url");
    if (url == null || !url.startsWith("jdbc:")) {
      throw error(file, lines.getOrDefault(pointer + "/url", line), what + " needs a 'url'"
          + " that is a JDBC URL, e.g. url: jdbc:postgresql://host:5432/db");
    }
    String password = config.text(file, lines, pointer, node, "password");
    String passwordFile = config.text(file, lines, pointer, node, "password-file");
    if (passwordFile != null) {
      try {
        List<String> content = Files.readAllLines(file.toAbsolutePath().getParent()
            .resolve(passwordFile));
        password = content.isEmpty() ? "" : content.get(0);
      } catch (java.io.IOException e) {
        throw error(file, lines.getOrDefault(pointer + "/password-file", line), what
            + ": cannot read the password file " + passwordFile + ". Check the path (relative"
            + " to the manifest) and its permissions.");
      }
    }
    return new ConnectionSpec(null, url, config.text(file, lines, pointer, node, "user"),
        password);
  }

  private Map<String, TableSettings> tables(Path file, Map<String, Integer> lines,
      JsonNode node) {
    Map<String, TableSettings> tables = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return tables;
    }
    if (!node.isObject()) {
      throw error(file, lines.getOrDefault("/tables", 1), "'tables:' must map table names to"
          + " their settings");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String table = it.next();
      String pointer = "/tables/" + table;
      int line = lines.getOrDefault(pointer, 1);
      JsonNode t = node.get(table);
      if (!t.isObject()) {
        throw error(file, line, "table '" + table + "' must be a mapping of settings ("
            + String.join(", ", TABLE) + ")");
      }
      unknownKeys(file, lines, pointer, t, TABLE, "table '" + table + "'");
      String column = config.text(file, lines, pointer, t, "tenant-column");
      String keysText = config.text(file, lines, pointer, t, "keys");
      KeyPolicy keys = keysText == null ? null : KeyPolicy.parse(keysText);
      if (keysText != null && (keys == null || keys == KeyPolicy.MATCH)) {
        throw error(file, lines.getOrDefault(pointer + "/keys", line), "table '" + table
            + "': unknown 'keys: " + keysText + "'. Use remap or preserve.");
      }
      String mergeText = config.text(file, lines, pointer, t, "merge");
      MergeMode merge = mergeText == null ? null : MergeMode.parse(mergeText);
      if (mergeText != null && merge == null) {
        throw error(file, lines.getOrDefault(pointer + "/merge", line), "table '" + table
            + "': unknown 'merge: " + mergeText + "'. Use one of " + MergeMode.labels() + ".");
      }
      tables.put(table, new TableSettings("none".equals(column) ? "" : column, keys, merge,
          transforms(file, lines, pointer + "/transforms", t.path("transforms"), table)));
    }
    return tables;
  }

  private Map<String, Transform> transforms(Path file, Map<String, Integer> lines,
      String pointer, JsonNode node, String table) {
    Map<String, Transform> transforms = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return transforms;
    }
    int line = lines.getOrDefault(pointer, 1);
    if (!node.isObject()) {
      throw error(file, line, "table '" + table + "': 'transforms' must map target columns to"
          + " uuid-from-key or {constant: VALUE}");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String column = it.next();
      JsonNode t = node.get(column);
      int at = lines.getOrDefault(pointer + "/" + column, line);
      if (t.isTextual() && t.asText().equals("uuid-from-key")) {
        transforms.put(column, new Transform(Transform.Kind.UUID_FROM_KEY, null));
      } else if (t.isObject() && t.size() == 1 && t.has("constant")
          && t.get("constant").isValueNode()) {
        transforms.put(column, new Transform(Transform.Kind.CONSTANT,
            config.text(file, lines, pointer + "/" + column, t, "constant")));
      } else {
        throw error(file, at, "table '" + table + "', column '" + column + "': a transform is"
            + " uuid-from-key or {constant: VALUE}");
      }
    }
    return transforms;
  }
}

package dev.ferry.dialect;

import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.TableName;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a table's foreign keys from JDBC metadata for {@link CatalogReader}: assembles each key
 * from its one row per column, names the keys a driver leaves unnamed, and points each at its
 * parent as the catalog names it.
 */
final class ForeignKeyReader {

  private final Dialect dialect;
  private final DatabaseMetaData meta;
  private final SchemaScope scope;

  ForeignKeyReader(Dialect dialect, DatabaseMetaData meta, SchemaScope scope) {
    this.dialect = dialect;
    this.meta = meta;
    this.scope = scope;
  }

  /**
   * The foreign keys of a table, sorted by name.
   *
   * @param deferrabilityOverride per key (named by {@link EngineDetails#foreignKeyColumns}), the
   *     deferrability the engine reports better than its driver
   * @param present every table of the schemas read, to find a parent spelt otherwise
   */
  List<ForeignKey> read(TableName table,
      Map<String, String> deferrabilityOverride, Set<TableName> present) throws SQLException {
    Map<String, FkDraft> drafts = new LinkedHashMap<>();
    Map<TableName, FkDraft> lastUnnamedByParent = new HashMap<>();
    for (FkRow row : importedKeys(table)) {
      TableName parent = canonical(new TableName(row.parentSchema(), row.parentTable()), present);
      String name = row.name();
      int seq = row.seq();
      FkDraft fresh = new FkDraft(name == null || name.isEmpty() ? null : name, parent,
          rule(row.deleteRule()), rule(row.updateRule()), deferrability(row.deferrability()));
      FkDraft draft;
      if (fresh.name != null) {
        draft = drafts.computeIfAbsent(name, n -> fresh);
      } else if (seq <= 1 || !lastUnnamedByParent.containsKey(parent)) {
        draft = fresh;
        drafts.put("\u0000" + drafts.size(), draft);
        lastUnnamedByParent.put(parent, draft);
      } else {
        draft = lastUnnamedByParent.get(parent);
      }
      draft.columns.put(seq, row.column());
      draft.parentColumns.put(seq, row.parentColumn());
    }
    List<ForeignKey> keys = new ArrayList<>();
    Map<String, Integer> synthesised = new HashMap<>();
    for (FkDraft d : drafts.values()) {
      if (d.name == null) {
        synthesised.merge(String.join("_", d.columns.values()), 1, Integer::sum);
      }
    }
    for (FkDraft d : drafts.values()) {
      List<String> columns = List.copyOf(d.columns.values());
      String joined = String.join("_", columns);
      // unnamed keys (SQLite) get a name; the parent joins it when two would share one
      String name = d.name != null ? d.name : table.name() + "_" + joined
          + (synthesised.get(joined) > 1 ? "_" + d.parent.name() : "") + "_fkey";
      keys.add(new ForeignKey(name, columns, d.parent, List.copyOf(d.parentColumns.values()),
          d.onDelete, d.onUpdate, deferrabilityOverride.getOrDefault(
              EngineDetails.foreignKeyColumns(columns), d.deferrability)));
    }
    keys.sort(Comparator.comparing(ForeignKey::name).thenComparing(k -> k.columns().toString()));
    return keys;
  }

  /**
   * The parent as its table is named, where names ignore case and the key spells it otherwise;
   * else the foreign key would point at no table of the catalog and lose its place in the order.
   */
  private TableName canonical(TableName parent, Set<TableName> present) {
    if (!dialect.supports(Capability.CASE_INSENSITIVE_NAMES) || present.contains(parent)) {
      return parent;
    }
    return present.stream()
        .filter(t -> Objects.equals(t.schema(), parent.schema())
            && t.name().equalsIgnoreCase(parent.name()))
        .findFirst()
        .orElse(parent);
  }

  /** One row of {@link DatabaseMetaData#getImportedKeys}. */
  private record FkRow(String parentSchema, String parentTable, String name, int seq,
      int deleteRule, int updateRule, int deferrability, String column, String parentColumn) {}

  /** Imported keys by child table, per schema, where the driver gives a whole schema at once. */
  private final Map<String, Map<String, List<FkRow>>> importedBySchema = new HashMap<>();

  /**
   * The imported keys of a table. PostgreSQL's driver answers for a whole schema in one query
   * (one query per table took about 30 ms each, a minute for 2,000 tables); other drivers are
   * asked per table.
   */
  private List<FkRow> importedKeys(TableName table) throws SQLException {
    if ("postgres".equals(dialect.id())) {
      Map<String, List<FkRow>> bySchema = importedBySchema.get(table.schema());
      if (bySchema == null) {
        bySchema = new HashMap<>();
        try (ResultSet rs = meta.getImportedKeys(metaCatalog(table.schema()),
            metaSchema(table.schema()), null)) {
          while (rs.next()) {
            bySchema.computeIfAbsent(rs.getString("FKTABLE_NAME"), t -> new ArrayList<>())
                .add(fkRow(rs, table));
          }
        }
        importedBySchema.put(table.schema(), bySchema);
      }
      return bySchema.getOrDefault(table.name(), List.of());
    }
    List<FkRow> rows = new ArrayList<>();
    try (ResultSet rs = meta.getImportedKeys(metaCatalog(table.schema()),
        metaSchema(table.schema()), table.name())) {
      while (rs.next()) {
        rows.add(fkRow(rs, table));
      }
    }
    return rows;
  }

  private FkRow fkRow(ResultSet rs, TableName child) throws SQLException {
    return new FkRow(parentSchema(rs, child), rs.getString("PKTABLE_NAME"),
        rs.getString("FK_NAME"), rs.getInt("KEY_SEQ"), rs.getInt("DELETE_RULE"),
        rs.getInt("UPDATE_RULE"), rs.getInt("DEFERRABILITY"), rs.getString("FKCOLUMN_NAME"),
        rs.getString("PKCOLUMN_NAME"));
  }

  private String parentSchema(ResultSet rs, TableName child) throws SQLException {
    if (child.schema() == null) {
      return null;
    }
    String schema = dialect.supports(Capability.SCHEMAS_ARE_CATALOGS)
        ? rs.getString("PKTABLE_CAT")
        : rs.getString("PKTABLE_SCHEM");
    return schema == null ? child.schema() : schema;
  }

  private String metaCatalog(String schema) {
    return scope.metaCatalog(schema);
  }

  private String metaSchema(String schema) {
    return scope.metaSchema(schema);
  }

  static String rule(int code) {
    return switch (code) {
      case DatabaseMetaData.importedKeyCascade -> "CASCADE";
      case DatabaseMetaData.importedKeyRestrict -> "RESTRICT";
      case DatabaseMetaData.importedKeySetNull -> "SET NULL";
      case DatabaseMetaData.importedKeySetDefault -> "SET DEFAULT";
      default -> "NO ACTION";
    };
  }

  static String deferrability(int code) {
    return switch (code) {
      case DatabaseMetaData.importedKeyInitiallyDeferred -> "initially-deferred";
      case DatabaseMetaData.importedKeyInitiallyImmediate -> "initially-immediate";
      default -> ForeignKey.NOT_DEFERRABLE;
    };
  }

  /** A foreign key being assembled from its metadata rows, one row per column. */
  private static final class FkDraft {
    final String name;
    final TableName parent;
    final Map<Integer, String> columns = new TreeMap<>();
    final Map<Integer, String> parentColumns = new TreeMap<>();
    final String onDelete;
    final String onUpdate;
    final String deferrability;

    FkDraft(String name, TableName parent, String onDelete, String onUpdate,
        String deferrability) {
      this.name = name;
      this.parent = parent;
      this.onDelete = onDelete;
      this.onUpdate = onUpdate;
      this.deferrability = deferrability;
    }
  }
}

package dev.ferry.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds small catalogs for planner tests: every table gets a NOT NULL {@code id} key and one
 * column per foreign key, named {@code <constraint>_id}, whose nullability is the key's.
 */
public final class Catalogs {

  /** A target whose principal may not relax foreign-key checks. */
  public static final LoadTarget STRICT =
      new LoadTarget("postgres", List.of(), "run the load as a superuser");

  /** A target whose principal may switch foreign-key checks off for its session. */
  public static final LoadTarget RELAXING = new LoadTarget("postgres",
      List.of(CheckRelaxation.SESSION_REPLICATION_ROLE), "run the load as a superuser");

  private static final String FINGERPRINT = "sha256:test";

  private Catalogs() {}

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same catalog with its tables, and each table's columns and foreign keys, reordered. */
  public static Catalog shuffled(Catalog catalog, Random random) {
    List<Table> tables = new ArrayList<>();
    for (Table t : catalog.tables()) {
      List<Column> columns = new ArrayList<>(t.columns());
      List<ForeignKey> fks = new ArrayList<>(t.foreignKeys());
      Collections.shuffle(columns, random);
      Collections.shuffle(fks, random);
      tables.add(new Table(t.name(), t.kind(), columns, t.primaryKey(), t.uniqueKeys(), fks,
          t.triggers(), t.parents(), t.hasChildren()));
    }
    Collections.shuffle(tables, random);
    return new Catalog(catalog.formatVersion(), catalog.engine(), catalog.database(),
        catalog.schemas(), catalog.filter(), tables, catalog.fingerprint());
  }

  /** Collects tables and foreign keys in declaration order; {@link #build()} keeps that order. */
  public static final class Builder {
    private final Map<TableName, String> kinds = new LinkedHashMap<>();
    private final Map<TableName, List<ForeignKey>> foreignKeys = new LinkedHashMap<>();
    private final Map<TableName, List<Column>> columns = new LinkedHashMap<>();

    private Builder() {}

    /** Declares tables by qualified name ({@code schema.name} or {@code name}). */
    public Builder table(String... names) {
      for (String name : names) {
        declare(name, Table.TABLE);
      }
      return this;
    }

    /** Declares a view. */
    public Builder view(String name) {
      return declare(name, Table.VIEW);
    }

    /** A NOT NULL, not deferrable foreign key. */
    public Builder rigid(String child, String constraint, String parent) {
      return fk(child, constraint, parent, false, false);
    }

    /** A nullable, not deferrable foreign key. */
    public Builder nullable(String child, String constraint, String parent) {
      return fk(child, constraint, parent, true, false);
    }

    /** A NOT NULL, deferrable foreign key. */
    public Builder deferrable(String child, String constraint, String parent) {
      return fk(child, constraint, parent, false, true);
    }

    /** A single-column foreign key from a declared child to any parent, declared or not. */
    public Builder fk(String child, String constraint, String parent, boolean nullable,
        boolean deferrable) {
      return compositeFk(child, constraint, parent, deferrable, nullable);
    }

    /**
     * A foreign key over one column per flag, named {@code <constraint>_id}, {@code
     * <constraint>_id2}, ...; each flag says whether that column accepts NULL.
     */
    public Builder compositeFk(String child, String constraint, String parent, boolean deferrable,
        boolean... nullable) {
      TableName childName = TableName.parse(child);
      if (!kinds.containsKey(childName)) {
        throw new IllegalArgumentException("declare table " + child + " before its foreign keys");
      }
      List<String> keyColumns = new ArrayList<>();
      List<String> parentColumns = new ArrayList<>();
      for (int i = 0; i < nullable.length; i++) {
        String column = constraint + "_id" + (i == 0 ? "" : String.valueOf(i + 1));
        // Keys of the same name share their columns, as SQLite's unnamed keys on one column do.
        if (columns.get(childName).stream().noneMatch(c -> c.name().equals(column))) {
          columns.get(childName).add(
              new Column(column, "int4", "INTEGER", 10, 0, nullable[i], null, null));
        }
        keyColumns.add(column);
        parentColumns.add(i == 0 ? "id" : "id" + (i + 1));
      }
      foreignKeys.get(childName).add(new ForeignKey(constraint, keyColumns,
          TableName.parse(parent), parentColumns, "NO ACTION", "NO ACTION",
          deferrable ? "initially-immediate" : ForeignKey.NOT_DEFERRABLE));
      return this;
    }

    /** The catalog, tables in declaration order. */
    public Catalog build() {
      List<Table> tables = new ArrayList<>();
      for (Map.Entry<TableName, String> e : kinds.entrySet()) {
        TableName name = e.getKey();
        tables.add(new Table(name, e.getValue(), columns.get(name),
            new PrimaryKey("pk_" + name.name(), List.of("id")), List.of(),
            foreignKeys.get(name), List.of(), List.of(), false));
      }
      List<String> schemas = kinds.keySet().stream()
          .map(TableName::schema).filter(s -> s != null).distinct().sorted().toList();
      return new Catalog(Catalog.FORMAT_VERSION, "postgres", "test", schemas, TableFilter.all(),
          tables, FINGERPRINT);
    }

    private Builder declare(String name, String kind) {
      TableName tableName = TableName.parse(name);
      if (kinds.putIfAbsent(tableName, kind) != null) {
        throw new IllegalArgumentException("table " + name + " declared twice");
      }
      List<Column> own = new ArrayList<>();
      own.add(new Column("id", "int4", "INTEGER", 10, 0, false, null, null));
      columns.put(tableName, own);
      foreignKeys.put(tableName, new ArrayList<>());
      return this;
    }
  }
}

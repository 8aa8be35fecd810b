package dev.ferry.schema;

import dev.ferry.api.TightenOptions;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The constraints {@code --tighten} considers, found in the catalog alone (docs/schema.md says
 * the rules): every nullable column for NOT NULL; single columns named like a code for UNIQUE;
 * references found by name and type, and those configured in {@code ferry.yaml}, for FOREIGN KEY.
 */
final class TighteningCandidates {

  /** The constraints tightening can add. */
  enum Kind {
    NOT_NULL("not-null"), UNIQUE("unique"), FOREIGN_KEY("foreign-key");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * One constraint to decide.
   *
   * @param kind what it is
   * @param table the table that would hold it
   * @param column its column
   * @param parent the referenced table (foreign keys), else null
   * @param parentColumn the referenced column (foreign keys), else null
   * @param origin why it is a candidate, for the decisions file
   */
  record Candidate(Kind kind, TableName table, String column, TableName parent,
      String parentColumn, String origin) {}

  /** Column names that hold codes; also any name ending in one of {@link #UNIQUE_SUFFIXES}. */
  static final Set<String> UNIQUE_NAMES = Set.of("code", "email", "slug", "username", "login",
      "uuid", "guid", "isbn", "sku");
  static final List<String> UNIQUE_SUFFIXES = List.of("_code", "_no", "_number", "_email",
      "_uuid", "_slug");
  /** JDBC types no unique key or distinct count is tried on. */
  private static final Set<String> UNKEYABLE = Set.of("BLOB", "BINARY", "VARBINARY",
      "LONGVARBINARY", "CLOB", "NCLOB", "BOOLEAN", "BIT", "REAL", "FLOAT", "DOUBLE", "ARRAY",
      "STRUCT", "SQLXML");

  private TighteningCandidates() {}

  /**
   * Every candidate, sorted by table, kind and column.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a configured reference naming a
   *     table or column the catalog does not hold, or a parent column that is no key
   */
  static List<Candidate> find(Catalog catalog, List<TightenOptions.Reference> configured) {
    Map<String, Candidate> found = new LinkedHashMap<>();
    for (TightenOptions.Reference ref : configured) {
      Candidate c = configured(catalog, ref);
      if (c != null) {
        found.putIfAbsent(key(c), c);
      }
    }
    for (Table t : tables(catalog)) {
      for (Column c : t.columns()) {
        if (c.nullable()) {
          add(found, new Candidate(Kind.NOT_NULL, t.name(), c.name(), null, null,
              "nullable column"));
        }
        if (looksUnique(c.name()) && keyable(c) && !t.isKey(List.of(c.name()))) {
          add(found, new Candidate(Kind.UNIQUE, t.name(), c.name(), null, null,
              "named like a code (docs/schema.md)"));
        }
        if (!declared(t, c.name())) {
          softParent(catalog, t, c).ifPresent(p -> add(found, new Candidate(Kind.FOREIGN_KEY,
              t.name(), c.name(), p.name(), p.primaryKey().columns().get(0),
              "soft reference: named for " + p.name().name() + " and of its key's type")));
        }
      }
    }
    return found.values().stream().sorted(Comparator.comparing(Candidate::table)
        .thenComparing(Candidate::kind).thenComparing(Candidate::column)).toList();
  }

  /** The tables that hold their own rows (views and partitioned parents are not tightened). */
  static List<Table> tables(Catalog catalog) {
    return catalog.tables().stream().filter(Table::holdsOwnRows).toList();
  }

  static boolean looksUnique(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return UNIQUE_NAMES.contains(n) || UNIQUE_SUFFIXES.stream().anyMatch(n::endsWith);
  }

  static boolean keyable(Column c) {
    String type = c.type().toLowerCase(Locale.ROOT);
    return !UNKEYABLE.contains(c.jdbcType()) && !type.contains("json") && !type.contains("xml")
        && !type.startsWith("_") && !type.endsWith("array");
  }

  /**
   * The table a column named {@code X_id} or {@code Xid} refers to: a table named {@code X},
   * {@code Xs} or {@code Xes} (ignoring case) whose one-column primary key is named {@code id} or
   * like the column, and has the column's type.
   */
  static Optional<Table> softParent(Catalog catalog, Table child, Column c) {
    String n = c.name().toLowerCase(Locale.ROOT);
    String stem = n.endsWith("_id") ? n.substring(0, n.length() - 3)
        : n.endsWith("id") ? n.substring(0, n.length() - 2) : "";
    if (stem.isEmpty()) {
      return Optional.empty();
    }
    for (String name : List.of(stem, stem + "s", stem + "es")) {
      Optional<Table> parent = tables(catalog).stream()
          .filter(p -> p.name().name().equalsIgnoreCase(name))
          .sorted(Comparator.comparing((Table p) -> !Objects.equals(p.name().schema(),
              child.name().schema())).thenComparing(Table::name))
          .filter(p -> refersTo(p, child, c)).findFirst();
      if (parent.isPresent()) {
        return parent;
      }
    }
    return Optional.empty();
  }

  private static boolean refersTo(Table parent, Table child, Column c) {
    if (parent.primaryKey() == null || parent.primaryKey().columns().size() != 1) {
      return false;
    }
    String pk = parent.primaryKey().columns().get(0);
    if (!pk.equalsIgnoreCase("id") && !pk.equalsIgnoreCase(c.name())
        || parent.name().equals(child.name()) && pk.equals(c.name())) {
      return false;
    }
    Column key = parent.column(pk).orElseThrow();
    return baseType(key).equals(baseType(c));
  }

  /** The type a reference must share with its key: serials are their integers. */
  private static String baseType(Column c) {
    String t = c.type().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "serial" -> "int4";
      case "bigserial" -> "int8";
      case "smallserial" -> "int2";
      default -> t;
    };
  }

  private static boolean declared(Table t, String column) {
    return t.foreignKeys().stream().map(ForeignKey::columns).anyMatch(List.of(column)::equals);
  }

  private static Candidate configured(Catalog catalog, TightenOptions.Reference ref) {
    Table child = table(catalog, ref.from(), ref, "from");
    Column column = column(child, ref.from(), ref, "from");
    Table parent = table(catalog, ref.to(), ref, "to");
    Column key = column(parent, ref.to(), ref, "to");
    if (!parent.isKey(List.of(key.name()))) {
      throw new FerryException(ErrorCode.CONFIGURATION, ref.where() + ": tighten.references: '"
          + ref.to() + "' is neither the primary key of " + parent.name() + " nor a unique"
          + " column, so no foreign key can refer to it. Name the parent's key column.");
    }
    if (declared(child, column.name())) {
      return null;
    }
    return new Candidate(Kind.FOREIGN_KEY, child.name(), column.name(), parent.name(),
        key.name(), "configured reference (" + ref.where() + ")");
  }

  private static Table table(Catalog catalog, String path, TightenOptions.Reference ref,
      String side) {
    String[] parts = path == null ? new String[0] : path.split("\\.");
    if (parts.length < 2 || parts.length > 3) {
      throw new FerryException(ErrorCode.CONFIGURATION, ref.where() + ": tighten.references: '"
          + side + "' must be table.column or schema.table.column, not '" + path + "'");
    }
    String table = parts[parts.length - 2];
    String schema = parts.length == 3 ? parts[0] : null;
    List<Table> matches = tables(catalog).stream()
        .filter(t -> t.name().name().equalsIgnoreCase(table)
            && (schema == null || schema.equalsIgnoreCase(t.name().schema()))).toList();
    if (matches.size() != 1) {
      throw new FerryException(ErrorCode.CONFIGURATION, ref.where() + ": tighten.references: '"
          + side + ": " + path + "' names " + (matches.isEmpty() ? "no selected table" : "a"
          + " table of several schemas; add the schema (schema.table.column)") + ". Check the"
          + " name against the source, or its --include/--exclude.");
    }
    return matches.get(0);
  }

  private static Column column(Table table, String path, TightenOptions.Reference ref,
      String side) {
    String name = path.substring(path.lastIndexOf('.') + 1);
    return table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
        .orElseThrow(() -> new FerryException(ErrorCode.CONFIGURATION, ref.where()
            + ": tighten.references: '" + side + ": " + path + "': " + table.name()
            + " has no column '" + name + "'. Its columns: " + String.join(", ", table.columns()
            .stream().map(Column::name).toList()) + "."));
  }

  private static void add(Map<String, Candidate> found, Candidate c) {
    found.putIfAbsent(key(c), c);
  }

  private static String key(Candidate c) {
    return c.kind() + " " + c.table() + " " + c.column();
  }
}

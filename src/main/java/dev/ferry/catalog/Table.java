package dev.ferry.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One table of a catalog, with everything a load plan needs to know about it.
 *
 * @param name the qualified name
 * @param kind {@code table}, {@code partitioned-table} or {@code view}
 * @param columns columns in ordinal order
 * @param primaryKey the primary key, or null
 * @param uniqueKeys unique constraints and indexes other than the primary key, by name
 * @param foreignKeys foreign keys this table declares, by name
 * @param triggers triggers and rules on this table, by name
 * @param parents tables this one inherits from or is a partition of (PostgreSQL); empty otherwise
 * @param hasChildren true when other tables inherit from this one or are its partitions: a plain
 *     SELECT of this table also returns their rows, so readers must read its own rows only
 * @param indexes secondary indexes by name, where the reader was asked for them ({@code
 *     CatalogReader.withIndexes}); left out of the JSON (and so of the fingerprint) when empty,
 *     so that catalogs and manifests without them read and hash as before
 * @param comments the table's and its columns' comments, read with the indexes; null (and left
 *     out of the JSON) when there are none
 * @param enumLabels by column, the labels of its enum or set type in their order, read with the
 *     indexes (so that a bundle's manifest carries them); left out of the JSON when empty
 * @param checks its check constraints by name, read with the indexes; left out of the JSON (and
 *     so of the fingerprint) when empty, as the indexes are
 */
public record Table(
    TableName name,
    String kind,
    List<Column> columns,
    PrimaryKey primaryKey,
    List<UniqueKey> uniqueKeys,
    List<ForeignKey> foreignKeys,
    List<Trigger> triggers,
    List<TableName> parents,
    boolean hasChildren,
    @com.fasterxml.jackson.annotation.JsonInclude(
        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    List<Index> indexes,
    @com.fasterxml.jackson.annotation.JsonInclude(
        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    Comments comments,
    @com.fasterxml.jackson.annotation.JsonInclude(
        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    Map<String, List<String>> enumLabels,
    @com.fasterxml.jackson.annotation.JsonInclude(
        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    List<Check> checks) {

  public static final String TABLE = "table";
  public static final String PARTITIONED = "partitioned-table";
  public static final String VIEW = "view";

  public Table {
    columns = List.copyOf(columns);
    uniqueKeys = List.copyOf(uniqueKeys);
    foreignKeys = List.copyOf(foreignKeys);
    triggers = List.copyOf(triggers);
    parents = List.copyOf(parents);
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
    comments = comments == null || comments.isEmpty() ? null : comments;
    enumLabels = enumLabels == null ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(enumLabels));
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** A table without check constraints. */
  public Table(TableName name, String kind, List<Column> columns, PrimaryKey primaryKey,
      List<UniqueKey> uniqueKeys, List<ForeignKey> foreignKeys, List<Trigger> triggers,
      List<TableName> parents, boolean hasChildren, List<Index> indexes, Comments comments,
      Map<String, List<String>> enumLabels) {
    this(name, kind, columns, primaryKey, uniqueKeys, foreignKeys, triggers, parents,
        hasChildren, indexes, comments, enumLabels, List.of());
  }

  /** A table without enum labels. */
  public Table(TableName name, String kind, List<Column> columns, PrimaryKey primaryKey,
      List<UniqueKey> uniqueKeys, List<ForeignKey> foreignKeys, List<Trigger> triggers,
      List<TableName> parents, boolean hasChildren, List<Index> indexes, Comments comments) {
    this(name, kind, columns, primaryKey, uniqueKeys, foreignKeys, triggers, parents,
        hasChildren, indexes, comments, Map.of());
  }

  /** A table without comments. */
  public Table(TableName name, String kind, List<Column> columns, PrimaryKey primaryKey,
      List<UniqueKey> uniqueKeys, List<ForeignKey> foreignKeys, List<Trigger> triggers,
      List<TableName> parents, boolean hasChildren, List<Index> indexes) {
    this(name, kind, columns, primaryKey, uniqueKeys, foreignKeys, triggers, parents,
        hasChildren, indexes, null);
  }

  /** A table without secondary indexes (as every catalog read without them has). */
  public Table(TableName name, String kind, List<Column> columns, PrimaryKey primaryKey,
      List<UniqueKey> uniqueKeys, List<ForeignKey> foreignKeys, List<Trigger> triggers,
      List<TableName> parents, boolean hasChildren) {
    this(name, kind, columns, primaryKey, uniqueKeys, foreignKeys, triggers, parents,
        hasChildren, List.of());
  }

  /** The same table with these secondary indexes. */
  public Table withIndexes(List<Index> secondary) {
    return new Table(name, kind, columns, primaryKey, uniqueKeys, foreignKeys, triggers, parents,
        hasChildren, secondary, comments, enumLabels, checks);
  }

  /** The same table with these comments (null or empty for none). */
  public Table withComments(Comments described) {
    return new Table(name, kind, columns, primaryKey, uniqueKeys, foreignKeys, triggers, parents,
        hasChildren, indexes, described, enumLabels, checks);
  }

  /** The same table with these enum columns' labels, by column (null or empty for none). */
  public Table withEnumLabels(Map<String, List<String>> labels) {
    return new Table(name, kind, columns, primaryKey, uniqueKeys, foreignKeys, triggers, parents,
        hasChildren, indexes, comments, labels, checks);
  }

  /** The same table with these check constraints (null or empty for none). */
  public Table withChecks(List<Check> declared) {
    return new Table(name, kind, columns, primaryKey, uniqueKeys, foreignKeys, triggers, parents,
        hasChildren, indexes, comments, enumLabels, declared);
  }

  /** The column of that name, compared exactly. */
  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /**
   * False for a partitioned table (its rows live in its partitions) and for views: copying must
   * read rows from the tables that own them, so that no row is counted or copied twice.
   */
  public boolean holdsOwnRows() {
    return TABLE.equals(kind);
  }

  /**
   * Whether the columns (names compared ignoring case, in any order) are exactly this table's
   * primary key or one of its unique keys that is not partial: each value then matches one row at
   * most, so an outer join on them cannot multiply the rows of the other side.
   */
  public boolean isKey(List<String> columnNames) {
    Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    wanted.addAll(columnNames);
    List<List<String>> keys = new ArrayList<>();
    if (primaryKey != null) {
      keys.add(primaryKey.columns());
    }
    uniqueKeys.stream().filter(u -> !u.partial()).forEach(u -> keys.add(u.columns()));
    for (List<String> key : keys) {
      Set<String> have = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      have.addAll(key);
      if (have.equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}

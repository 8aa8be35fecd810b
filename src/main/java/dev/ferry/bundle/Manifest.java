package dev.ferry.bundle;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.ValueKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bundle's {@code manifest.json}: what the bundle holds and, while it is being written, the state
 * a killed export resumes from. Written with {@link dev.ferry.json.Json}, so the same data and
 * options give the same bytes (see docs/bundle-format.md).
 *
 * @param formatVersion version of the bundle format, {@link #FORMAT_VERSION}
 * @param ferryVersion the ferry that wrote it
 * @param status {@link #IN_PROGRESS} or {@link #COMPLETE}
 * @param runId the run writing the bundle; present only while {@code in-progress} (it differs on
 *     every run, and a complete bundle must not depend on which run produced it)
 * @param planFingerprint the fingerprint of the plan the bundle was written with
 * @param source the source it was exported from, credentials masked
 * @param gzip true when the data files are gzip-compressed
 * @param transformations transformations applied to the rows (name to fingerprint or setting);
 *     empty when rows were copied as they were
 * @param tables the finished data files, by file name (which follows the load order)
 * @param loadOrder the load order planned at export
 * @param catalog the source catalog
 */
public record Manifest(
    int formatVersion,
    String ferryVersion,
    String status,
    String runId,
    String planFingerprint,
    String source,
    boolean gzip,
    Map<String, String> transformations,
    List<TableFile> tables,
    LoadOrder loadOrder,
    Catalog catalog) {

  /** The bundle format this ferry writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** Status while the export runs, and after it failed or was killed: it can be resumed. */
  public static final String IN_PROGRESS = "in-progress";
  /** Status once every table is written and the run ended {@code done}. */
  public static final String COMPLETE = "complete";

  public Manifest {
    transformations = transformations == null ? Map.of() : Map.copyOf(transformations);
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** True when every table was written and the run ended. */
  public boolean complete() {
    return COMPLETE.equals(status);
  }

  /**
   * The tables a complete bundle holds a data file for: every table of the load order that holds
   * rows of its own (partitioned tables keep theirs in their partitions; views are not loaded).
   */
  public List<TableName> expectedTables() {
    if (loadOrder == null) {
      return List.of();
    }
    return loadOrder.order().stream()
        .filter(t -> catalog == null || catalog.table(t).map(Table::holdsOwnRows).orElse(true))
        .toList();
  }

  /** The data file of a table, if the bundle holds it. */
  public Optional<TableFile> table(TableName name) {
    return tables.stream().filter(t -> t.table().equals(name)).findFirst();
  }

  /**
   * One finished data file.
   *
   * @param table the table's qualified name in the source catalog
   * @param file the file name inside the bundle directory
   * @param rows the number of rows (lines)
   * @param bytes the file's size in bytes, as stored (compressed when gzip)
   * @param sha256 the lower-case hex SHA-256 of the file as stored, as {@code sha256sum} prints it
   * @param keyColumns the key the rows are ordered by; empty when the table has none
   * @param columns the values of each row, in this order
   */
  public record TableFile(
      TableName table,
      String file,
      long rows,
      long bytes,
      String sha256,
      List<String> keyColumns,
      List<FileColumn> columns) {

    public TableFile {
      keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
      columns = columns == null ? List.of() : List.copyOf(columns);
    }
  }

  /**
   * One value position in a data file's rows.
   *
   * @param name the source column's name
   * @param kind how the value is encoded
   */
  public record FileColumn(String name, ValueKind kind) {}
}

package dev.ferry.consolidate;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TextRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's source as the copy sees it (docs/consolidate.md): each table carries the columns
 * ferry computes (the tenant column, {@code transforms:}) as if the source had them, and lacks
 * the columns the manifest's drift setting leaves out. Reads go to the real source without the
 * computed columns, whose values are set into every row as it passes.
 */
final class TenantSource implements SourceReader {

  private final SourceReader reader;
  private final Catalog catalog;
  /** Per source table, its computed columns by name. */
  private final Map<TableName, Map<String, Computed>> computed;

  /**
   * @param computed per source table, the columns to add
   * @param dropped per source table, columns (by lower-case name) left out
   */
  TenantSource(SourceReader reader, Map<TableName, Map<String, Computed>> computed,
      Map<TableName, Set<String>> dropped) {
    this.reader = reader;
    this.computed = Map.copyOf(computed);
    Catalog source = reader.catalog();
    List<Table> tables = new ArrayList<>();
    for (Table t : source.tables()) {
      Set<String> leftOut = dropped.getOrDefault(t.name(), Set.of());
      List<Column> columns = new ArrayList<>(t.columns().stream()
          .filter(c -> !leftOut.contains(SchemaDrift.lower(c.name()))).toList());
      computed.getOrDefault(t.name(), Map.of()).forEach((name, c) -> columns.add(c.column(name)));
      tables.add(new Table(t.name(), t.kind(), columns, t.primaryKey(), t.uniqueKeys(),
          t.foreignKeys(), t.triggers(), t.parents(), t.hasChildren()));
    }
    this.catalog = new Catalog(source.formatVersion(), source.engine(), source.database(),
        source.schemas(), source.filter(), tables, source.fingerprint());
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public ChunkCursor read(TablePlan table, Object[] afterKey, int chunkSize) {
    TablePlan read = narrowed(table);
    return read == table ? reader.read(table, afterKey, chunkSize)
        : filled(table, read, reader.read(read, afterKey, chunkSize));
  }

  @Override
  public ChunkCursor readText(TablePlan table, int chunkSize) {
    TablePlan read = narrowed(table);
    return read == table ? reader.readText(table, chunkSize)
        : filled(table, read, reader.readText(read, chunkSize));
  }

  /** Null for a table with computed columns: its rows pass through {@link #read}. */
  @Override
  public TextRows copyText(TablePlan table) {
    return narrowed(table) == table ? reader.copyText(table) : null;
  }

  @Override
  public List<String> prove(List<TablePlan> tables) {
    return reader.prove(tables.stream().map(this::narrowed).toList());
  }

  @Override
  public List<String> readProblems(List<TablePlan> tables) {
    return reader.readProblems(tables.stream().map(this::narrowed).toList());
  }

  @Override
  public long estimateRows(TablePlan table) {
    return reader.estimateRows(narrowed(table));
  }

  @Override
  public void nullZeroDates(Map<TableName, ? extends Map<String, String>> columns) {
    reader.nullZeroDates(columns);
  }

  @Override
  public void close() {
    reader.close();
  }

  /** The plan without the computed columns (the plan itself where it has none). */
  private TablePlan narrowed(TablePlan table) {
    Map<String, Computed> added = computed.getOrDefault(table.source(), Map.of());
    if (table.columns().stream().noneMatch(c -> added.containsKey(c.name()))) {
      return table;
    }
    List<CopyColumn> columns = table.columns().stream()
        .filter(c -> !added.containsKey(c.name())).toList();
    return new TablePlan(table.source(), table.target(), columns, table.keyColumns(),
        table.nulledColumns(), table.ownRowsOnly(), table.updateColumns(), table.rowFilter());
  }

  /** The chunks of {@code read} with the computed columns set, as {@code table} has them. */
  private ChunkCursor filled(TablePlan table, TablePlan read, ChunkCursor cursor) {
    Map<String, Computed> added = computed.get(table.source());
    int n = table.columns().size();
    int[] from = new int[n];
    Computed[] values = new Computed[n];
    for (int i = 0; i < n; i++) {
      String name = table.columns().get(i).name();
      values[i] = added.get(name);
      from[i] = values[i] == null ? read.indexOf(name) : -1;
    }
    // a plan read in one plain pass (verify's) names no key: the table's own, by name
    int[] key = read.keyPositions().length > 0 ? read.keyPositions()
        : reader.catalog().tables().stream().filter(t -> t.name().equals(table.source()))
            .findFirst().map(t -> dev.ferry.catalog.TableMatch.keyOf(t).stream()
                .mapToInt(read::indexOf).toArray()).orElse(new int[0]);
    String tableName = table.source().name();
    return new ChunkCursor() {
      @Override
      public Chunk next() {
        Chunk chunk = cursor.next();
        if (chunk == null) {
          return null;
        }
        List<Object[]> rows = new ArrayList<>(chunk.size());
        for (Object[] row : chunk.rows()) {
          Object[] out = new Object[n];
          for (int i = 0; i < n; i++) {
            out[i] = values[i] == null ? row[from[i]] : values[i].value(tableName, row, key);
          }
          rows.add(out);
        }
        return new Chunk(rows, chunk.lastKey());
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }
}

package dev.ferry.bundle;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrderPlanner;
import dev.ferry.catalog.LoadTarget;
import dev.ferry.catalog.PrimaryKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import dev.ferry.rows.ValueKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Builds plans, run headers and bundles for the bundle tests: real writers and readers. */
final class BundleFixtures {

  static final String PLAN = "sha256:plan-1";

  private BundleFixtures() {}

  /** A plan over columns {@code name:KIND}; the first {@code keys} columns are the key. */
  static TablePlan plan(String table, int keys, String... columns) {
    List<CopyColumn> copy = Arrays.stream(columns).map(c -> {
      String[] parts = c.split(":");
      return new CopyColumn(parts[0], parts[0], ValueKind.valueOf(parts[1]), true);
    }).toList();
    List<String> keyColumns = copy.stream().limit(keys).map(CopyColumn::name).toList();
    TableName name = TableName.parse(table);
    return new TablePlan(name, name, copy, keyColumns, Set.of(), false, List.of());
  }

  /** A run header whose catalog holds the plans' tables, loaded in the given order. */
  static RunHeader header(String runId, TablePlan... plans) {
    return header(runId, PLAN, plans);
  }

  static RunHeader header(String runId, String planFingerprint, TablePlan... plans) {
    List<Table> tables = Arrays.stream(plans).map(BundleFixtures::table).sorted(
        Comparator.comparing(Table::name)).toList();
    Catalog catalog = new Catalog(Catalog.FORMAT_VERSION, "h2", "db", List.of("public"),
        TableFilter.all(), tables, "sha256:catalog");
    LoadOrder order = LoadOrderPlanner.plan(catalog, new LoadTarget("h2", List.of(), ""));
    return new RunHeader(runId, planFingerprint, "jdbc:h2:mem:db (user=***)", catalog, order,
        Map.of("user-map", "sha256:map"));
  }

  private static Table table(TablePlan plan) {
    List<Column> columns = plan.columns().stream()
        .map(c -> new Column(c.name(), c.kind().name().toLowerCase(), "OTHER", null, null, true,
            null, null))
        .toList();
    PrimaryKey key = plan.keyed() ? new PrimaryKey("pk", plan.keyColumns()) : null;
    return new Table(plan.source(), Table.TABLE, columns, key, List.of(), List.of(), List.of(),
        List.of(), false);
  }

  /** Writes the rows of each plan in chunks of {@code chunk} and ends the run done. */
  static void export(BundleTarget target, RunHeader run, Map<TablePlan, List<Object[]>> data,
      int chunk) {
    target.beginRun(run);
    data.forEach((plan, rows) -> write(target, plan, rows.iterator(), chunk));
    target.endRun(run, "done");
  }

  static void write(BundleTarget target, TablePlan plan, Iterator<Object[]> rows, int chunk) {
    try (TableWriter writer = target.open(plan, null)) {
      List<Object[]> batch = new ArrayList<>();
      while (rows.hasNext()) {
        batch.add(rows.next());
        if (batch.size() == chunk || !rows.hasNext()) {
          writer.write(new Chunk(batch, null));
          batch = new ArrayList<>();
        }
      }
      writer.finish();
    }
  }

  /** Every chunk of a table, read through a new source. */
  static List<Chunk> chunks(Path dir, TablePlan plan, Object[] afterKey, int chunkSize) {
    List<Chunk> chunks = new ArrayList<>();
    try (BundleSource source = new BundleSource(dir);
        ChunkCursor cursor = source.read(plan, afterKey, chunkSize)) {
      for (Chunk c = cursor.next(); c != null; c = cursor.next()) {
        chunks.add(c);
      }
    }
    return chunks;
  }

  /** Every row of a table. */
  static List<Object[]> rows(Path dir, TablePlan plan) {
    return chunks(dir, plan, null, 1000).stream().flatMap(c -> c.rows().stream()).toList();
  }

  /** Rows {@code [id, "row id"]} for ids {@code from..to}, lazily. */
  static Iterator<Object[]> numbered(long from, long to) {
    return Stream.iterate(from, i -> i <= to, i -> i + 1)
        .map(i -> new Object[] {i, "row " + i})
        .iterator();
  }
}

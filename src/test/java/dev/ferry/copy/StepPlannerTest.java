package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.LoadTarget;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How {@link StepPlanner} turns a table that {@link KeyRanges} splits into steps: one per key
 * range, each waiting for the table's parents, and every child of the table waiting for all.
 */
class StepPlannerTest {

  private static final TableName USERS = new TableName("s", "users");
  private static final TableName ORDERS = new TableName("s", "orders");
  private static final TableName LINES = new TableName("s", "lines");

  private static TablePlan plan(TableName t, ValueKind key) {
    return new TablePlan(t, t, List.of(new CopyColumn("id", "id", key, false, null)),
        List.of("id"), Set.of(), false, List.of());
  }

  private static Edge edge(TableName child, TableName parent) {
    return new Edge(child, parent, child.name() + "_fk", List.of("id"), false, false,
        Edge.ORDERED);
  }

  private static List<CopyPlan.Step> steps(ValueKind ordersKey, long splitRows,
      Map<String, List<Long>> recorded, List<String> notes, List<String> problems) {
    List<TableName> tables = List.of(USERS, ORDERS, LINES);
    Map<TableName, TablePlan> plans = new LinkedHashMap<>();
    plans.put(USERS, plan(USERS, ValueKind.INTEGER));
    plans.put(ORDERS, plan(ORDERS, ordersKey));
    plans.put(LINES, plan(LINES, ValueKind.INTEGER));
    LoadOrder order = new LoadOrder(LoadOrder.FORMAT_VERSION, "sha256:x",
        new LoadTarget("test", List.of(), null), LoadOrder.OK, tables,
        List.of(edge(ORDERS, USERS), edge(LINES, ORDERS)), List.of(),
        new LoadOrder.SelfCheck(0, 0, List.of(), true));
    KeyRanges ranges = new KeyRanges(new Estimates(Map.of(USERS, 10L, ORDERS, 1_000L, LINES,
        50L)), splitRows, 2, (String) null, recorded);
    return StepPlanner.steps(order, plans, true, Set.of(), Set.of(), ranges, problems, notes);
  }

  @Test
  void aResumedRunLoadsWholeWhatItsRunLoadedWholeWhateverTheThresholdSaysNow() {
    // the run recorded no range (it split nothing); now 1,000 rows by 300 would split orders
    List<CopyPlan.Step> steps = steps(ValueKind.INTEGER, 300, Map.of(), new ArrayList<>(),
        new ArrayList<>());
    assertThat(steps).extracting(CopyPlan.Step::name).containsExactly("s.users", "s.orders",
        "s.lines");
  }

  @Test
  void aSplitTableIsAStepPerRangeAndItsChildWaitsForAllOfThem() {
    List<String> notes = new ArrayList<>();
    List<CopyPlan.Step> steps = steps(ValueKind.INTEGER, 300, null, notes,
        new ArrayList<>());

    // 1,000 rows by 300: four ranges of the keys 1..1000
    assertThat(steps).extracting(CopyPlan.Step::name).containsExactly("s.users",
        "s.orders#1/4", "s.orders#2/4", "s.orders#3/4", "s.orders#4/4", "s.lines");
    assertThat(steps.subList(1, 5)).allSatisfy(s -> assertThat(s.waitsFor())
        .containsExactly(0));
    assertThat(steps.get(5).waitsFor()).containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(steps.get(2).tables().get(0).range()).hasToString("(250, 500]");
    assertThat(notes).containsExactly("s.orders loads as 4 key ranges of id from its smallest"
        + " and largest key (1, 1000), about 1000 rows: #1/4 (…, 250] #2/4 (250, 500]"
        + " #3/4 (500, 750] #4/4 (750, …]");
  }

  @Test
  void aResumeTakesTheRecordedBoundsNotTheStatistics() {
    List<CopyPlan.Step> steps = steps(ValueKind.INTEGER, 300, Map.of("s.orders",
        List.of(10L, 20L)), new ArrayList<>(), new ArrayList<>());

    assertThat(steps).extracting(s -> s.tables().get(0).range() == null ? "-"
        : s.tables().get(0).range().toString())
        .containsExactly("-", "(…, 10]", "(10, 20]", "(20, …]", "-");
  }

  @Test
  void recordedBoundsOutOfOrderAreAProblem() {
    List<String> problems = new ArrayList<>();
    steps(ValueKind.INTEGER, 300, Map.of("s.orders", List.of(20L, 10L)), new ArrayList<>(),
        problems);

    assertThat(problems).singleElement().asString().contains("s.orders",
        "not in ascending order");
  }

  @Test
  void aLargeTableWithoutAnIntegerKeyIsOneStepAndTheNoteSaysWhy() {
    List<String> notes = new ArrayList<>();
    List<CopyPlan.Step> steps = steps(ValueKind.TEXT, 300, null, notes, new ArrayList<>());

    assertThat(steps).extracting(CopyPlan.Step::name)
        .containsExactly("s.users", "s.orders", "s.lines");
    assertThat(notes).containsExactly("s.orders (about 1000 rows) loads as one unit: its key is"
        + " not one integer column (key ranges are cut from integer keys only)");
  }

  /** Estimates per table; keys 1..estimate. */
  private record Estimates(Map<TableName, Long> rows) implements SourceReader {
    @Override
    public Catalog catalog() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChunkCursor read(TablePlan table, Object[] afterKey, int chunkSize) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long estimateRows(TablePlan table) {
      return rows.get(table.source());
    }

    @Override
    public long[] keyBounds(TablePlan table) {
      return new long[] {1, rows.get(table.source())};
    }

    @Override
    public void close() {}
  }
}

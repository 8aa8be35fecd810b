package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.LoadTarget;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.Progress;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TargetWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The order in which {@link StepRunner} starts the steps that may start: the heaviest first, a
 * step's weight being its rows and those of the tables that reference it; and a step never
 * before the steps it waits for.
 */
class StepRunnerTest {

  private static final TableName USERS = new TableName("s", "users");
  private static final TableName ORDERS = new TableName("s", "orders");
  private static final TableName LINES = new TableName("s", "lines");
  private static final TableName NOTES = new TableName("s", "notes");

  @Test
  void theHeaviestStepThatMayStartStartsFirst() {
    // users is small but every other table references it; lines is the largest table
    Map<TableName, Long> rows = Map.of(USERS, 100L, ORDERS, 3_000L, LINES, 10_000L, NOTES, 500L);
    List<Edge> edges = List.of(edge(ORDERS, USERS), edge(LINES, ORDERS), edge(LINES, USERS),
        edge(NOTES, USERS));
    List<String> started = run(List.of(USERS, ORDERS, LINES, NOTES), edges, rows, Map.of());

    // users: 100 + 3,000 + 10,000 + 500; orders: 3,000 + 10,000; lines: 10,000; notes: 500
    assertThat(started).containsExactly("s.users", "s.orders", "s.lines", "s.notes");
  }

  @Test
  void withoutReferencesTheLargestTableStartsFirst() {
    Map<TableName, Long> rows = Map.of(USERS, 100L, ORDERS, 3_000L, LINES, 10_000L, NOTES, 500L);
    List<String> started = run(List.of(USERS, ORDERS, LINES, NOTES), List.of(), rows, Map.of());

    assertThat(started).containsExactly("s.lines", "s.orders", "s.notes", "s.users");
  }

  @Test
  void aStepWaitingForAnotherStartsAfterItWhateverItsWeight() {
    Map<TableName, Long> rows = Map.of(USERS, 100L, ORDERS, 3_000L, LINES, 10_000L, NOTES, 500L);
    // lines (step 2) waits for notes (step 3), as a child loaded with checks on waits for its
    // parent
    List<String> started = run(List.of(USERS, ORDERS, LINES, NOTES), List.of(), rows,
        Map.of(2, Set.of(3)));

    assertThat(started).containsExactly("s.orders", "s.notes", "s.lines", "s.users");
  }

  private static List<String> run(List<TableName> tables, List<Edge> edges,
      Map<TableName, Long> rows, Map<Integer, Set<Integer>> waits) {
    List<CopyPlan.Step> steps = new ArrayList<>();
    for (TableName t : tables) {
      int id = steps.size();
      steps.add(new CopyPlan.Step(id, List.of(new TablePlan(t, t, List.of(), List.of(),
          Set.of(), false, List.of())), new HashSet<>(waits.getOrDefault(id, Set.of()))));
    }
    LoadOrder order = new LoadOrder(LoadOrder.FORMAT_VERSION, "sha256:x",
        new LoadTarget("test", List.of(), null), LoadOrder.OK, tables, edges, List.of(),
        new LoadOrder.SelfCheck(0, 0, List.of(), true));
    CopyPlan plan = new CopyPlan(order, steps, Map.of(), Set.of(), Map.of(), List.of(),
        List.of(), List.of(), List.of(), "sha256:x");
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    Progress progress = new Progress() {
      @Override
      public void started(String unit, long estimatedRows) {
        started.add(unit);
      }
    };
    try (TargetWriter target = new DryRunTarget("nowhere")) {
      new StepRunner(plan, new EmptySource(rows), target, (t, row) -> row, Map.of(), 100, 1,
          progress).run();
    }
    return started;
  }

  private static Edge edge(TableName child, TableName parent) {
    return new Edge(child, parent, child.name() + "_fk", List.of("id"), false, false,
        Edge.ORDERED);
  }

  /** A source whose tables are empty, with the given row estimates. */
  private record EmptySource(Map<TableName, Long> rows) implements SourceReader {
    @Override
    public Catalog catalog() {
      throw new UnsupportedOperationException("not needed by the runner");
    }

    @Override
    public ChunkCursor read(TablePlan table, Object[] afterKey, int chunkSize) {
      return new ChunkCursor() {
        @Override
        public Chunk next() {
          return null;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public long estimateRows(TablePlan table) {
      return rows.get(table.source());
    }

    @Override
    public void close() {}
  }
}

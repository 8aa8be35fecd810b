package dev.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.FkGraph.Fk;
import dev.ferry.catalog.LoadOrder.Cycle;
import dev.ferry.catalog.LoadOrder.Edge;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Properties of the load-order planner on thousands of random foreign-key graphs, each checked
 * against {@link FkGraph}, an independent naive model, never against the planner's own selfCheck.
 * Written with a small in-repo runner ({@link ForAllSchemas}), not jqwik: from 1.10 jqwik asks not
 * to be used by AI coding agents, and these tests were written by one.
 */
final class LoadOrderPlannerPropertiesTest {

  private static final int TRIES = 2000;
  private static final Set<String> BROKEN = Set.of(Edge.NULL_THEN_UPDATE, Edge.DEFERRED,
      Edge.RELAXED);

  @Test
  void orderedEdgesLoadTheirParentFirst() {
    ForAllSchemas.check(TRIES, sample -> {
      LoadOrder plan = sample.plan();
      Map<TableName, Integer> position = positions(plan.order());
      for (Edge e : plan.edges()) {
        if (Edge.ORDERED.equals(e.treatment())) {
          assertThat(position.get(e.parent())).as(e.id()).isNotNull()
              .isLessThan(position.get(e.child()));
        }
      }
    });
  }

  @Test
  void orderPutsTheSmallestReadyNameFirst() {
    ForAllSchemas.check(TRIES, sample -> {
      Map<TableName, List<TableName>> parents = sample.plan().edges().stream()
          .filter(e -> Edge.ORDERED.equals(e.treatment()))
          .collect(Collectors.groupingBy(Edge::child,
              Collectors.mapping(Edge::parent, Collectors.toList())));
      Set<TableName> placed = new HashSet<>();
      Set<TableName> waiting = new TreeSet<>(sample.graph().tables);
      for (TableName next : sample.plan().order()) {
        TableName smallestReady = waiting.stream()
            .filter(t -> placed.containsAll(parents.getOrDefault(t, List.of())))
            .findFirst().orElseThrow();
        assertThat(next).as("after %s", placed.size()).isEqualTo(smallestReady);
        placed.add(next);
        waiting.remove(next);
      }
    });
  }

  @Test
  void orderIsAPermutationOfTheNonViewTables() {
    ForAllSchemas.check(TRIES, sample -> {
      assertThat(sample.plan().order()).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(sample.graph().tables);
    });
  }

  @Test
  void everyForeignKeyIsTreatedOnceAsItsShapeAllows() {
    ForAllSchemas.check(TRIES, sample -> {
      LoadOrder plan = sample.plan();
      FkGraph graph = sample.graph();
      assertThat(plan.edges()).extracting(Edge::id)
          .containsExactlyInAnyOrderElementsOf(graph.fks.stream().map(Fk::id).toList());
      Map<String, String> treatment = treatments(plan);
      Map<TableName, Integer> position = positions(plan.order());
      for (Fk f : graph.fks) {
        String t = treatment.get(f.id());
        if (f.parent() < 0) {
          assertThat(t).as(f.id()).isEqualTo(Edge.EXTERNAL);
        } else if (f.selfReference()) {
          assertThat(t).as(f.id()).isEqualTo(f.nullable() ? Edge.NULL_THEN_UPDATE
              : f.deferrable() ? Edge.DEFERRED
              : sample.spec().relaxations() ? Edge.RELAXED : Edge.REFUSED);
        } else if (!graph.sameComponent(f.child(), f.parent())) {
          assertThat(t).as(f.id() + " lies on no cycle").isEqualTo(Edge.ORDERED);
        } else if (Edge.ORDERED.equals(t)) {
          assertThat(position.get(graph.tables.get(f.parent()))).as(f.id())
              .isLessThan(position.get(graph.tables.get(f.child())));
        } else {
          assertThat(t).as(f.id()).isEqualTo(Edge.REFUSED.equals(t) ? Edge.REFUSED
              : f.nullable() ? Edge.NULL_THEN_UPDATE
              : f.deferrable() ? Edge.DEFERRED : Edge.RELAXED);
        }
      }
    });
  }

  @Test
  void keptEdgesInsideEachComponentAreAcyclic() {
    ForAllSchemas.check(TRIES, sample -> {
      Map<String, String> treatment = treatments(sample.plan());
      FkGraph graph = sample.graph();
      for (BitSet component : graph.components()) {
        List<Fk> kept = graph.inside(component).stream()
            .filter(f -> Edge.ORDERED.equals(treatment.get(f.id()))).toList();
        assertThat(FkGraph.acyclic(kept)).as("kept edges of %s acyclic", component).isTrue();
      }
    });
  }

  @Test
  void refusesExactlyTheCyclesThatOnlyRelaxingChecksCouldBreak() {
    ForAllSchemas.check(TRIES, sample -> {
      LoadOrder plan = sample.plan();
      Map<String, String> treatment = treatments(plan);
      FkGraph graph = sample.graph();
      boolean anyRefused = false;
      for (BitSet component : graph.components()) {
        List<Fk> inside = graph.inside(component);
        boolean rigidCycle = !FkGraph.acyclic(inside.stream().filter(Fk::rigid).toList());
        boolean mustRefuse = !sample.spec().relaxations() && rigidCycle;
        anyRefused |= mustRefuse;
        for (Fk f : inside) {
          assertThat(Edge.REFUSED.equals(treatment.get(f.id())))
              .as("%s refused (relaxations=%s, rigid cycle=%s)", f.id(),
                  sample.spec().relaxations(), rigidCycle)
              .isEqualTo(mustRefuse);
        }
      }
      for (Fk f : graph.fks) {
        if (f.selfReference()) {
          boolean mustRefuse = f.rigid() && !sample.spec().relaxations();
          anyRefused |= mustRefuse;
          assertThat(Edge.REFUSED.equals(treatment.get(f.id()))).as("%s refused", f.id())
              .isEqualTo(mustRefuse);
        }
      }
      assertThat(plan.status()).isEqualTo(anyRefused ? LoadOrder.REFUSED : LoadOrder.OK);
    });
  }

  @Test
  void weakerBreaksComeFirstAndNoBreakIsSuperfluous() {
    ForAllSchemas.check(TRIES, sample -> {
      Map<String, String> treatment = treatments(sample.plan());
      FkGraph graph = sample.graph();
      for (BitSet component : graph.components()) {
        List<Fk> inside = graph.inside(component);
        Set<String> used = inside.stream().map(f -> treatment.get(f.id()))
            .collect(Collectors.toSet());
        if (used.contains(Edge.DEFERRED)) {
          assertThat(FkGraph.acyclic(inside.stream().filter(f -> !f.nullable()).toList()))
              .as("deferred in %s although breaking nullable keys suffices", component)
              .isFalse();
        }
        if (used.contains(Edge.RELAXED)) {
          assertThat(FkGraph.acyclic(inside.stream().filter(Fk::rigid).toList()))
              .as("relaxed in %s although nullable and deferrable keys suffice", component)
              .isFalse();
        }
        List<Fk> kept = inside.stream()
            .filter(f -> Edge.ORDERED.equals(treatment.get(f.id()))).toList();
        for (Fk broken : inside) {
          String how = treatment.get(broken.id());
          if (BROKEN.contains(how)) {
            assertThat(FkGraph.acyclic(with(kept, broken))).as("%s broken needlessly",
                broken.id()).isFalse();
          }
          // A stronger means is used on a key only if breaking every weaker key would not have
          // let that key stay ordered.
          if (Edge.DEFERRED.equals(how)) {
            List<Fk> keptNotNull = kept.stream().filter(f -> !f.nullable()).toList();
            assertThat(FkGraph.acyclic(with(keptNotNull, broken)))
                .as("%s deferred where breaking nullable keys would do", broken.id()).isFalse();
          }
          if (Edge.RELAXED.equals(how)) {
            List<Fk> keptRigid = kept.stream().filter(Fk::rigid).toList();
            assertThat(FkGraph.acyclic(with(keptRigid, broken)))
                .as("%s relaxed where breaking weaker keys would do", broken.id()).isFalse();
          }
        }
      }
    });
  }

  @Test
  void shuffledCatalogIsPlannedIdentically() {
    ForAllSchemas.check(TRIES, sample -> {
      LoadOrder plan = sample.plan();
      Catalog shuffled = Catalogs.shuffled(sample.catalog(), new Random(sample.spec().hashCode()));
      LoadOrder again = LoadOrderPlanner.plan(shuffled, sample.spec().target());
      assertThat(again.order()).isEqualTo(plan.order());
      assertThat(treatments(again)).isEqualTo(treatments(plan));
      assertThat(again).isEqualTo(plan);
    });
  }

  @Test
  void selfCheckPassesWheneverStatusIsOk() {
    ForAllSchemas.check(TRIES, sample -> {
      LoadOrder plan = sample.plan();
      if (LoadOrder.OK.equals(plan.status())) {
        assertThat(plan.selfCheck().passed()).as(plan.selfCheck().violations().toString())
            .isTrue();
        assertThat(plan.loadable()).isTrue();
      }
      assertThat(plan.selfCheck().edgesChecked()).isEqualTo(
          plan.edges().stream().filter(e -> Edge.ORDERED.equals(e.treatment())).count());
    });
  }

  @Test
  void cycleRecordsDescribeEachComponentAndSelfReference() {
    ForAllSchemas.check(TRIES, sample -> {
      LoadOrder plan = sample.plan();
      FkGraph graph = sample.graph();
      Map<String, String> treatment = treatments(plan);
      List<Cycle> cycles = plan.cycles().stream().filter(c -> "cycle".equals(c.kind())).toList();
      assertThat(cycles).extracting(Cycle::tables).containsExactlyInAnyOrderElementsOf(
          graph.components().stream().map(c -> names(graph, c)).toList());
      for (Cycle cycle : cycles) {
        Set<String> breaks = cycle.breaks().stream().map(Edge::id).collect(Collectors.toSet());
        Set<String> broken = cycle.constraints().stream()
            .filter(id -> BROKEN.contains(treatment.get(id))).collect(Collectors.toSet());
        assertThat(breaks).isEqualTo(broken);
        Set<String> used = cycle.breaks().stream().map(Edge::treatment)
            .collect(Collectors.toSet());
        assertThat(cycle.oneTransaction()).isEqualTo(used.contains(Edge.DEFERRED));
        assertThat(cycle.orphanCheckRequired()).isEqualTo(used.contains(Edge.RELAXED));
        assertThat(cycle.relaxation() != null).isEqualTo(used.contains(Edge.RELAXED));
        assertThat(cycle.message() != null).isEqualTo(Edge.REFUSED.equals(cycle.plan()));
      }
      long selfReferences = graph.fks.stream().filter(Fk::selfReference).count();
      assertThat(plan.cycles().stream().filter(c -> "self-reference".equals(c.kind())))
          .hasSize((int) selfReferences);
    });
  }

  private static List<Fk> with(List<Fk> edges, Fk extra) {
    List<Fk> all = new ArrayList<>(edges);
    all.add(extra);
    return all;
  }

  private static Map<TableName, Integer> positions(List<TableName> order) {
    Map<TableName, Integer> position = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.put(order.get(i), i);
    }
    return position;
  }

  private static Map<String, String> treatments(LoadOrder plan) {
    return plan.edges().stream().collect(Collectors.toMap(Edge::id, Edge::treatment));
  }

  private static List<TableName> names(FkGraph graph, BitSet component) {
    return component.stream().mapToObj(graph.tables::get).sorted().toList();
  }
}

package dev.ferry.catalog;

import static dev.ferry.catalog.Catalogs.RELAXING;
import static dev.ferry.catalog.Catalogs.STRICT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.LoadOrder.Cycle;
import dev.ferry.catalog.LoadOrder.Edge;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class LoadOrderPlannerTest {

  @Test
  void chainLoadsParentsFirst() {
    Catalog catalog = Catalogs.builder()
        .table("app.line", "app.invoice", "app.customer")
        .rigid("app.line", "fk_line_invoice", "app.invoice")
        .rigid("app.invoice", "fk_invoice_customer", "app.customer")
        .build();

    LoadOrder order = LoadOrderPlanner.plan(catalog, STRICT);

    assertThat(names(order)).containsExactly("app.customer", "app.invoice", "app.line");
    assertThat(order.edges()).extracting(Edge::treatment).containsOnly(Edge.ORDERED);
    assertThat(order.cycles()).isEmpty();
    assertThat(order.status()).isEqualTo(LoadOrder.OK);
    assertThat(order.selfCheck().passed()).isTrue();
    assertThat(order.selfCheck().edgesChecked()).isEqualTo(2);
  }

  @Test
  void twoTableCycleBreaksTheNullableKeyAndOrdersTheOther() {
    // given: employee.dept_id NOT NULL, department.manager_id nullable
    Catalog catalog = Catalogs.builder()
        .table("hr.department", "hr.employee")
        .rigid("hr.employee", "fk_employee_department", "hr.department")
        .nullable("hr.department", "fk_department_manager", "hr.employee")
        .build();

    // when
    LoadOrder order = LoadOrderPlanner.plan(catalog, STRICT);

    // then
    Map<String, String> treatments = treatments(order);
    assertThat(treatments).containsEntry("hr.department.fk_department_manager",
        Edge.NULL_THEN_UPDATE);
    assertThat(treatments).containsEntry("hr.employee.fk_employee_department", Edge.ORDERED);
    assertThat(names(order)).containsExactly("hr.department", "hr.employee");
    assertThat(order.cycles()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo("cycle");
      assertThat(c.plan()).isEqualTo(Edge.NULL_THEN_UPDATE);
      assertThat(c.breaks()).extracting(Edge::id)
          .containsExactly("hr.department.fk_department_manager");
      assertThat(c.oneTransaction()).isFalse();
      assertThat(c.orphanCheckRequired()).isFalse();
    });
    assertThat(order.loadable()).isTrue();
  }

  @Test
  void cycleOfDeferrableNotNullKeysIsDeferredInOneTransaction() {
    Catalog catalog = Catalogs.builder()
        .table("a", "b")
        .deferrable("a", "fk_a_b", "b")
        .deferrable("b", "fk_b_a", "a")
        .build();

    LoadOrder order = LoadOrderPlanner.plan(catalog, STRICT);

    Cycle cycle = order.cycles().get(0);
    assertThat(cycle.plan()).isEqualTo(Edge.DEFERRED);
    assertThat(cycle.oneTransaction()).isTrue();
    assertThat(cycle.orphanCheckRequired()).isFalse();
    assertThat(cycle.breaks()).singleElement()
        .extracting(Edge::treatment).isEqualTo(Edge.DEFERRED);
    assertThat(order.edges()).extracting(Edge::treatment)
        .containsExactlyInAnyOrder(Edge.DEFERRED, Edge.ORDERED);
    assertThat(order.loadable()).isTrue();
  }

  @Test
  void rigidCycleWithRelaxationsRelaxesChecksAndRequiresAnOrphanCheck() {
    Catalog catalog = Catalogs.builder()
        .table("a", "b")
        .rigid("a", "fk_a_b", "b")
        .rigid("b", "fk_b_a", "a")
        .build();

    LoadOrder order = LoadOrderPlanner.plan(catalog, RELAXING);

    Cycle cycle = order.cycles().get(0);
    assertThat(cycle.plan()).isEqualTo(Edge.RELAXED);
    assertThat(cycle.relaxation()).isEqualTo(CheckRelaxation.SESSION_REPLICATION_ROLE);
    assertThat(cycle.orphanCheckRequired()).isTrue();
    assertThat(cycle.breaks()).singleElement()
        .extracting(Edge::treatment).isEqualTo(Edge.RELAXED);
    assertThat(order.status()).isEqualTo(LoadOrder.OK);
    assertThat(order.loadable()).isTrue();
  }

  @Test
  void rigidCycleWithoutRelaxationsIsRefusedNamingTablesAndConstraints() {
    Catalog catalog = Catalogs.builder()
        .table("sales.a", "sales.b")
        .rigid("sales.a", "fk_a_b", "sales.b")
        .rigid("sales.b", "fk_b_a", "sales.a")
        .build();

    LoadOrder order = LoadOrderPlanner.plan(catalog, STRICT);

    assertThat(order.status()).isEqualTo(LoadOrder.REFUSED);
    assertThat(order.loadable()).isFalse();
    assertThat(order.edges()).extracting(Edge::treatment).containsOnly(Edge.REFUSED);
    Cycle cycle = order.cycles().get(0);
    assertThat(cycle.plan()).isEqualTo(Edge.REFUSED);
    assertThat(cycle.breaks()).isEmpty();
    assertThat(cycle.message()).contains("sales.a", "sales.b", "fk_a_b", "fk_b_a",
        "run the load as a superuser");
    assertThat(names(order)).containsExactly("sales.a", "sales.b");
  }

  @Test
  void compositeKeyWithOneNotNullColumnIsNotBrokenByNulling() {
    Catalog catalog = Catalogs.builder()
        .table("a", "b")
        .compositeFk("a", "fk_a_b", "b", false, true, false)
        .nullable("b", "fk_b_a", "a")
        .build();

    LoadOrder order = LoadOrderPlanner.plan(catalog, STRICT);

    assertThat(treatments(order)).containsEntry("a.fk_a_b", Edge.ORDERED)
        .containsEntry("b.fk_b_a", Edge.NULL_THEN_UPDATE);
    assertThat(order.edges()).filteredOn(e -> e.constraint().equals("fk_a_b"))
        .extracting(Edge::nullable).containsExactly(false);
  }

  @Test
  void notNullSelfReferenceIsLoadedWithChecksRelaxedWhereThePrincipalMayAndRefusedElsewhere() {
    // a row may come before the row it references: nothing orders a table's rows
    Catalog catalog = Catalogs.builder()
        .table("category")
        .rigid("category", "fk_category_parent", "category")
        .build();

    LoadOrder relaxed = LoadOrderPlanner.plan(catalog, RELAXING);
    LoadOrder strict = LoadOrderPlanner.plan(catalog, STRICT);

    assertThat(relaxed.edges()).singleElement()
        .extracting(Edge::treatment).isEqualTo(Edge.RELAXED);
    assertThat(relaxed.cycles()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo("self-reference");
      assertThat(c.plan()).isEqualTo(Edge.RELAXED);
      assertThat(c.relaxation()).isEqualTo(RELAXING.relaxations().get(0));
      assertThat(c.orphanCheckRequired()).isTrue();
    });
    assertThat(relaxed.loadable()).isTrue();
    assertThat(strict.edges()).singleElement()
        .extracting(Edge::treatment).isEqualTo(Edge.REFUSED);
    assertThat(strict.cycles()).singleElement().satisfies(c -> {
      assertThat(c.plan()).isEqualTo(Edge.REFUSED);
      assertThat(c.message()).contains("category.fk_category_parent", "NOT NULL",
          "run the load as a superuser");
    });
    assertThat(strict.status()).isEqualTo(LoadOrder.REFUSED);
  }

  @Test
  void keyToTableOutsideTheCatalogIsExternal() {
    Catalog catalog = Catalogs.builder()
        .table("app.orders")
        .rigid("app.orders", "fk_orders_country", "ref.country")
        .build();

    LoadOrder order = LoadOrderPlanner.plan(catalog, STRICT);

    assertThat(order.edges()).singleElement()
        .extracting(Edge::treatment).isEqualTo(Edge.EXTERNAL);
    assertThat(names(order)).containsExactly("app.orders");
    assertThat(order.selfCheck().edgesExempt()).isEqualTo(1);
  }

  @Test
  void independentTablesAreOrderedByQualifiedName() {
    Catalog catalog = Catalogs.builder()
        .table("audit.a", "app.z", "app.b", "app.y")
        .rigid("app.b", "fk_b_y", "app.y")
        .build();

    LoadOrder order = LoadOrderPlanner.plan(catalog, STRICT);

    // app.b waits for app.y; among the ready tables the smallest name goes first.
    assertThat(names(order)).containsExactly("app.y", "app.b", "app.z", "audit.a");
  }

  @Test
  void viewsAreLeftOutOfTheOrder() {
    Catalog catalog = Catalogs.builder()
        .table("app.orders")
        .view("app.order_totals")
        .build();

    LoadOrder order = LoadOrderPlanner.plan(catalog, STRICT);

    assertThat(names(order)).containsExactly("app.orders");
  }

  @Test
  void planningTwiceGivesEqualResults() {
    Catalog catalog = Catalogs.builder()
        .table("a", "b", "c", "d")
        .nullable("a", "fk_a_b", "b")
        .deferrable("b", "fk_b_c", "c")
        .rigid("c", "fk_c_a", "a")
        .rigid("d", "fk_d_d", "d")
        .rigid("d", "fk_d_a", "a")
        .build();

    assertThat(LoadOrderPlanner.plan(catalog, STRICT))
        .isEqualTo(LoadOrderPlanner.plan(catalog, STRICT));
  }

  @Test
  void sameNamedKeysOfOneTablePlanTheSameInAnyListOrder() {
    // given: SQLite keys have no names, and the catalog reader names both of these
    // child_ref_fkey, because they share their column
    Catalog catalog = Catalogs.builder()
        .table("p1", "p2", "child")
        .rigid("child", "child_ref_fkey", "p1")
        .rigid("child", "child_ref_fkey", "p2")
        .nullable("p1", "fk_p1_child", "child")
        .build();
    Catalog reversed = withForeignKeysReversed(catalog);

    // when
    LoadOrder plan = LoadOrderPlanner.plan(catalog, STRICT);
    LoadOrder planOfReversed = LoadOrderPlanner.plan(reversed, STRICT);

    // then
    assertThat(planOfReversed).isEqualTo(plan);
    assertThat(plan.edges()).extracting(e -> e.parent().qualified())
        .containsExactly("p1", "p2", "child");
  }

  @Test
  void threeCycleOfNullableKeysBreaksExactlyOne() {
    Catalog catalog = Catalogs.builder()
        .table("a", "b", "c")
        .nullable("a", "fk_a_b", "b")
        .nullable("b", "fk_b_c", "c")
        .nullable("c", "fk_c_a", "a")
        .build();

    LoadOrder order = LoadOrderPlanner.plan(catalog, STRICT);

    Map<String, Long> counts = order.edges().stream()
        .collect(Collectors.groupingBy(Edge::treatment, Collectors.counting()));
    assertThat(counts).containsOnly(Map.entry(Edge.NULL_THEN_UPDATE, 1L),
        Map.entry(Edge.ORDERED, 2L));
    assertThat(order.cycles().get(0).breaks()).hasSize(1);
    assertThat(order.selfCheck().passed()).isTrue();
  }

  private static Catalog withForeignKeysReversed(Catalog catalog) {
    List<Table> tables = catalog.tables().stream().map(t -> {
      List<ForeignKey> fks = new ArrayList<>(t.foreignKeys());
      Collections.reverse(fks);
      return new Table(t.name(), t.kind(), t.columns(), t.primaryKey(), t.uniqueKeys(), fks,
          t.triggers(), t.parents(), t.hasChildren());
    }).toList();
    return new Catalog(catalog.formatVersion(), catalog.engine(), catalog.database(),
        catalog.schemas(), catalog.filter(), tables, catalog.fingerprint());
  }

  private static List<String> names(LoadOrder order) {
    return order.order().stream().map(TableName::qualified).toList();
  }

  private static Map<String, String> treatments(LoadOrder order) {
    return order.edges().stream().collect(Collectors.toMap(Edge::id, Edge::treatment));
  }
}

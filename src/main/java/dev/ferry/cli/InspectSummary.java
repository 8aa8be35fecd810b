package dev.ferry.cli;

import dev.ferry.api.InspectResult;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrder.Cycle;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The short summary {@code ferry inspect} prints, as text or (with {@code --json}) as this record.
 *
 * @param endpoint the endpoint, credentials masked
 * @param engine the dialect id
 * @param tables number of tables (and views, when asked)
 * @param foreignKeys number of foreign keys
 * @param cycles number of cycles, self-references included
 * @param status {@code ok} or {@code refused}
 * @param order the load order
 * @param catalogFingerprint the catalog's fingerprint
 * @param written the artifact files
 */
record InspectSummary(String endpoint, String engine, int tables, int foreignKeys, int cycles,
    String status, List<TableName> order, String catalogFingerprint, List<String> written) {

  static InspectSummary of(InspectResult r) {
    return new InspectSummary(r.endpoint(), r.catalog().engine(), r.catalog().tables().size(),
        r.loadOrder().edges().size(), r.loadOrder().cycles().size(), r.loadOrder().status(),
        r.loadOrder().order(), r.catalog().fingerprint(),
        r.written().stream().map(Path::toString).toList());
  }

  static void printText(InspectResult r, PrintWriter out) {
    Catalog catalog = r.catalog();
    LoadOrder order = r.loadOrder();
    String where = catalog.database() == null ? "" : " database " + catalog.database();
    String schemas = catalog.schemas().isEmpty() ? "" : ", schema " + String.join(", ",
        catalog.schemas());
    out.println("Inspected " + catalog.engine() + where + schemas + " at " + r.endpoint());
    long external = order.edges().stream().filter(e -> Edge.EXTERNAL.equals(e.treatment())).count();
    long withTriggers = catalog.tables().stream().filter(t -> !t.triggers().isEmpty()).count();
    long inherited = catalog.tables().stream()
        .filter(t -> t.hasChildren() || !t.parents().isEmpty()).count();
    out.println("  " + catalog.tables().size() + " tables, " + order.edges().size()
        + " foreign keys" + (external > 0 ? " (" + external + " to tables not read)" : "")
        + ", " + order.cycles().size() + (order.cycles().size() == 1
            ? " cycle or self-reference" : " cycles and self-references"));
    if (withTriggers > 0 || inherited > 0) {
      out.println("  " + withTriggers + " tables with triggers or rules, " + inherited
          + " in inheritance or partition trees (read as their own rows only)");
    }
    out.println("  load order: " + order.order().stream().map(TableName::qualified)
        .collect(Collectors.joining(", ")));
    for (Cycle cycle : order.cycles()) {
      out.println("  " + describe(cycle));
    }
    LoadOrder.SelfCheck check = order.selfCheck();
    out.println("  proof: " + (check.passed() ? "every one of " : "FAILED for "
        + check.violations().size() + " of ") + check.edgesChecked()
        + " ordered foreign keys has its parent loaded first; " + check.edgesExempt()
        + " honoured another way (see load-order.json)");
    if (LoadOrder.REFUSED.equals(order.status())) {
      out.println("  REFUSED: a copy of these tables cannot be planned as they are.");
    }
    if (!r.written().isEmpty()) {
      out.println("  wrote " + r.written().stream().map(Path::toString)
          .collect(Collectors.joining(", ")) + " (catalog fingerprint "
          + catalog.fingerprint().substring(0, Math.min(19, catalog.fingerprint().length()))
          + "...)");
    }
  }

  private static String describe(Cycle cycle) {
    String tables = cycle.tables().stream().map(TableName::qualified)
        .collect(Collectors.joining(" <-> "));
    if (Edge.REFUSED.equals(cycle.plan())) {
      return cycle.kind() + " " + tables + ": REFUSED. " + cycle.message();
    }
    String breaks = cycle.breaks().stream()
        .map(e -> e.id() + " (" + String.join(", ", e.columns()) + ") " + how(e.treatment()))
        .collect(Collectors.joining("; "));
    String extra = cycle.orphanCheckRequired()
        ? "; checks relaxed by " + cycle.relaxation().description() + ", orphan check mandatory"
        : cycle.oneTransaction() ? "; the cycle loads in one transaction" : "";
    return cycle.kind() + " " + tables + ": " + breaks + extra;
  }

  private static String how(String treatment) {
    return switch (treatment) {
      case Edge.NULL_THEN_UPDATE -> "loaded as NULL, then filled by UPDATE";
      case Edge.DEFERRED -> "checked at commit (deferred)";
      case Edge.RELAXED -> "loaded with checks relaxed";
      default -> treatment;
    };
  }

}

package dev.ferry.report;

import dev.ferry.api.RunReport;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run as one self-contained HTML page: no scripts, no network, no external assets. The
 * page shows the summary, the load order as an SVG graph (cycle breaks dashed), per-table rows and
 * rates, the user-mapping coverage and the proofs. Every name and value is HTML-escaped.
 */
public final class HtmlReport {

  private static final int BOX_W = 170;
  private static final int BOX_H = 26;
  private static final int GAP_X = 60;
  private static final int GAP_Y = 14;

  private HtmlReport() {}

  /**
   * @param report the run
   * @param order the load order the run followed
   * @param mappingByStatus user-map rows per deciding rule (or operator, or fallback), or null
   *     without a user map
   */
  public static String render(RunReport report, LoadOrder order, Map<String, Long> mappingByStatus) {
    StringBuilder h = new StringBuilder(16_384);
    boolean ok = "done".equals(report.status());
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>ferry run ").append(esc(report.runId())).append("</title><style>")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}")
        .append("h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}")
        .append("table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;")
        .append("text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
        .append(".pass{color:#0a7a2f;font-weight:600}.fail{color:#b3261e;font-weight:600}")
        .append("code{background:#f3f3f3;padding:1px 4px}svg text{font:11px system-ui,sans-serif}")
        .append("</style></head><body>\n");
    h.append("<h1>ferry ").append(esc(report.mode())).append(": <span class=\"")
        .append(ok ? "pass" : "fail").append("\">").append(esc(report.status()))
        .append("</span></h1>\n<table>");
    row(h, "run", report.runId() + (report.resumed() ? " (resumed)" : ""));
    row(h, "source", report.source());
    row(h, "target", report.target());
    row(h, "rows written", String.format(Locale.ROOT, "%,d", report.totals().rowsWritten()));
    if (report.totals().merge() != null) {
      RunReport.Fates f = report.totals().merge();
      row(h, "rows merged", String.format(Locale.ROOT, "%,d inserted, %,d updated, %,d unchanged,"
          + " %,d skipped, %,d conflicts", f.inserted(), f.updated(), f.unchanged(), f.skipped(),
          f.conflicts()) + (f.targetOnly() == null ? ""
              : String.format(Locale.ROOT, "; %,d target-only rows left alone", f.targetOnly()))
          + (f.deleted() == null ? "" : String.format(Locale.ROOT, "; %,d child rows deleted",
              f.deleted())));
      if (report.totals().mergeAudit() != null) {
        row(h, "per-row audit", report.totals().mergeAudit() + " (one line per merged row)");
      }
    }
    row(h, "seconds", String.valueOf(report.totals().seconds()));
    row(h, "plan fingerprint", report.planFingerprint());
    report.transformations().forEach((k, v) -> row(h, "transformation " + k, v));
    h.append("</table>\n");
    if (!report.problems().isEmpty()) {
      h.append("<h2 class=\"fail\">Problems</h2><ul>");
      report.problems().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
      h.append("</ul>\n");
    }
    if (order != null) {
      h.append("<h2>Load order</h2>\n");
      svg(h, order);
      h.append("<p>Solid arrows: the parent loads first. Dashed red: a cycle break (loaded as NULL")
          .append(" then updated, deferred, or with checks relaxed and proven afterwards).</p>\n");
    }
    h.append("<h2>Tables</h2>\n<table><tr><th>unit</th><th>reading</th><th>rows read</th>")
        .append("<th>rows written</th><th>from before a resume</th><th>rows/s</th><th>status</th>")
        .append("<th>merge</th><th>inserted</th><th>updated</th><th>unchanged</th>")
        .append("<th>skipped</th><th>conflicts</th></tr>");
    for (RunReport.TableReport t : report.tables()) {
      h.append("<tr><td>").append(esc(t.unit())).append("</td><td>").append(esc(t.reading()))
          .append("</td>").append(num(t.rowsRead())).append(num(t.rowsWritten()))
          .append(num(t.rowsSkipped())).append(num(t.rowsPerSecond())).append("<td>")
          .append(esc(t.status())).append("</td>");
      RunReport.Fates f = t.merge();
      if (f != null) {
        h.append("<td>").append(esc(f.mode())).append("</td>").append(num(f.inserted()))
            .append(num(f.updated())).append(num(f.unchanged())).append(num(f.skipped()))
            .append(num(f.conflicts()));
      }
      h.append("</tr>");
    }
    h.append("</table>\n");
    if (mappingByStatus != null) {
      h.append("<h2>User mapping</h2>\n<table><tr><th>decided by</th><th>users</th></tr>");
      mappingByStatus.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td>")
          .append(num(v)).append("</tr>"));
      h.append("</table>\n");
    }
    if (!report.orphanChecks().isEmpty() || !report.identityResets().isEmpty()) {
      h.append("<h2>Proofs</h2>\n<table>");
      for (RunReport.OrphanCheck o : report.orphanChecks()) {
        h.append("<tr><td>orphan check ").append(esc(o.constraint())).append("</td><td class=\"")
            .append(o.passed() ? "pass\">passed" : "fail\">" + o.orphans() + " orphans")
            .append("</td></tr>");
      }
      report.identityResets().forEach(r -> row(h, "identity reset", r));
      h.append("</table>\n");
    }
    if (!report.notes().isEmpty()) {
      h.append("<h2>Notes</h2><ul>");
      report.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
      h.append("</ul>\n");
    }
    h.append("<p style=\"color:#777\">").append(esc(report.timing().getOrDefault("startedAt", "")))
        .append(" – ").append(esc(report.timing().getOrDefault("endedAt", "")))
        .append("</p>\n</body></html>\n");
    return h.toString();
  }

  /**
   * Renders a verification as one self-contained page: each rule passed or failed in colour, each
   * failure with its table, column and located rows.
   */
  public static String render(dev.ferry.api.VerificationReport report) {
    StringBuilder h = new StringBuilder(8_192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>ferry verification</title><style>")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}")
        .append("h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}")
        .append("table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;")
        .append("text-align:left;vertical-align:top}")
        .append(".pass{color:#0a7a2f;font-weight:600}.fail{color:#b3261e;font-weight:600}")
        .append("</style></head><body>\n<h1>ferry verify: <span class=\"")
        .append(report.passed() ? "pass\">passed" : "fail\">FAILED").append("</span></h1>\n<table>");
    row(h, "source", report.source());
    row(h, "target", report.target() == null ? "" : report.target());
    row(h, "encoding", report.encoding());
    report.transformations().forEach((k, v) -> row(h, "transformation " + k, v));
    h.append("</table>\n<h2>Rules</h2>\n<table><tr><th>rule</th><th>result</th><th>checked</th>")
        .append("<th>what it checks</th></tr>");
    for (dev.ferry.api.VerificationReport.Rule r : report.rules()) {
      h.append("<tr><td>").append(esc(r.rule())).append("</td><td class=\"")
          .append(r.passed() ? "pass\">passed" : "fail\">failed").append("</td>")
          .append(num(r.checked())).append("<td>").append(esc(r.description()))
          .append("</td></tr>");
    }
    h.append("</table>\n");
    for (dev.ferry.api.VerificationReport.Rule r : report.rules()) {
      if (r.passed()) {
        continue;
      }
      h.append("<h2 class=\"fail\">").append(esc(r.rule())).append("</h2>\n<table>")
          .append("<tr><th>table</th><th>column</th><th>found</th></tr>");
      for (dev.ferry.api.VerificationReport.Failure f : r.failures()) {
        h.append("<tr><td>").append(esc(f.table())).append("</td><td>").append(esc(f.column()))
            .append("</td><td>").append(esc(f.message())).append("</td></tr>");
      }
      h.append("</table>\n");
    }
    List<dev.ferry.api.VerificationReport.TableResult> merged = report.tables().stream()
        .filter(t -> t.merge() != null).toList();
    if (!merged.isEmpty()) {
      h.append("<h2>Merged tables</h2>\n<table><tr><th>table</th><th>mode</th><th>promise</th>")
          .append("<th>kept</th><th>rows accepted</th></tr>");
      for (dev.ferry.api.VerificationReport.TableResult t : merged) {
        StringBuilder accepted = new StringBuilder("equal to the source: ")
            .append(t.merge().sourceRowsEqual());
        t.merge().accepted().forEach((why, n) -> accepted.append("; ").append(why).append(": ")
            .append(n));
        h.append("<tr><td>").append(esc(t.table())).append("</td><td>")
            .append(esc(t.merge().mode())).append("</td><td>").append(esc(t.merge().promise()))
            .append("</td><td class=\"").append(t.passed() ? "pass\">yes" : "fail\">no")
            .append("</td><td>").append(esc(accepted.toString())).append("</td></tr>");
      }
      h.append("</table>\n");
    }
    if (!report.notes().isEmpty()) {
      h.append("<h2>Notes</h2><ul>");
      report.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
      h.append("</ul>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  /** Tables in columns by depth over ordered edges; every foreign key an arrow. */
  private static void svg(StringBuilder h, LoadOrder order) {
    Map<TableName, Integer> depth = new HashMap<>();
    for (TableName t : order.order()) {
      int d = 0;
      for (Edge e : order.edges()) {
        if (e.child().equals(t) && Edge.ORDERED.equals(e.treatment())
            && depth.containsKey(e.parent())) {
          d = Math.max(d, depth.get(e.parent()) + 1);
        }
      }
      depth.put(t, d);
    }
    Map<Integer, List<TableName>> columns = new HashMap<>();
    order.order().forEach(t -> columns.computeIfAbsent(depth.get(t), k -> new ArrayList<>()).add(t));
    Map<TableName, int[]> at = new HashMap<>();
    int maxRows = 0;
    for (Map.Entry<Integer, List<TableName>> c : columns.entrySet()) {
      for (int i = 0; i < c.getValue().size(); i++) {
        at.put(c.getValue().get(i), new int[] {10 + c.getKey() * (BOX_W + GAP_X),
            10 + i * (BOX_H + GAP_Y)});
      }
      maxRows = Math.max(maxRows, c.getValue().size());
    }
    int width = 20 + columns.size() * (BOX_W + GAP_X);
    int height = 20 + maxRows * (BOX_H + GAP_Y);
    h.append("<svg width=\"").append(width)
        .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"load order\">")
        .append("<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" ")
        .append("markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\"")
        .append(" fill=\"#555\"/></marker></defs>");
    for (Edge e : order.edges()) {
      int[] p = at.get(e.parent());
      int[] c = at.get(e.child());
      if (p == null || c == null) {
        continue;
      }
      boolean broken = !Edge.ORDERED.equals(e.treatment());
      if (p == c) {
        h.append("<path d=\"M").append(c[0] + BOX_W - 20).append(',').append(c[1])
            .append(" q 20 -14 20 0\" fill=\"none\" stroke=\"#b3261e\" stroke-dasharray=\"4 3\"/>");
        continue;
      }
      h.append("<line x1=\"").append(p[0] + BOX_W).append("\" y1=\"").append(p[1] + BOX_H / 2)
          .append("\" x2=\"").append(c[0]).append("\" y2=\"").append(c[1] + BOX_H / 2)
          .append("\" stroke=\"").append(broken ? "#b3261e" : "#555").append('"')
          .append(broken ? " stroke-dasharray=\"4 3\"" : "").append(" marker-end=\"url(#a)\">")
          .append("<title>").append(esc(e.id() + " (" + e.treatment() + ")")).append("</title>")
          .append("</line>");
    }
    for (Map.Entry<TableName, int[]> t : at.entrySet()) {
      int[] p = t.getValue();
      int position = order.order().indexOf(t.getKey()) + 1;
      h.append("<rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"")
          .append(BOX_W).append("\" height=\"").append(BOX_H)
          .append("\" rx=\"4\" fill=\"#eef3fb\" stroke=\"#8aa4cc\"/><text x=\"")
          .append(p[0] + 6).append("\" y=\"").append(p[1] + 17).append("\">")
          .append(position).append(". ").append(esc(shorten(t.getKey().qualified())))
          .append("</text>");
    }
    h.append("</svg>\n");
  }

  private static String shorten(String name) {
    return name.length() <= 24 ? name : name.substring(0, 23) + "…";
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value))
        .append("</td></tr>");
  }

  private static String num(long value) {
    return "<td class=\"n\">" + String.format(Locale.ROOT, "%,d", value) + "</td>";
  }

  /** Escapes text for HTML element content and attribute values. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

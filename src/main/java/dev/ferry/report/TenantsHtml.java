package dev.ferry.report;

import dev.ferry.api.ConsolidationVerification;
import dev.ferry.api.ConsolidationVerification.CrossTenant;
import dev.ferry.api.ConsolidationVerification.TenantVerification;
import dev.ferry.api.VerificationReport;

/**
 * Renders the verification of a consolidation as one self-contained page: every tenant's result
 * with its failed rules and their located rows, the references that cross tenants, the notes.
 * Every name and value is HTML-escaped; each tenant's full page is in its own directory.
 */
public final class TenantsHtml {

  private TenantsHtml() {}

  public static String render(ConsolidationVerification v) {
    StringBuilder h = new StringBuilder(8_192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>ferry verification of a consolidation</title><style>")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}")
        .append("h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}")
        .append("table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid")
        .append(" #ddd;text-align:left;vertical-align:top}")
        .append(".pass{color:#0a7a2f;font-weight:600}.fail{color:#b3261e;font-weight:600}")
        .append("</style></head><body>\n<h1>ferry verify, consolidation: <span class=\"")
        .append(v.passed() ? "pass\">passed" : "fail\">FAILED").append("</span></h1>\n<p>target ")
        .append(HtmlReport.esc(v.target())).append("</p>\n<h2>Tenants</h2>\n<table><tr>")
        .append("<th>tenant</th><th>id</th><th>result</th><th>failed rules</th></tr>");
    for (TenantVerification t : v.tenants()) {
      h.append("<tr><td>").append(HtmlReport.esc(t.name())).append("</td><td>")
          .append(HtmlReport.esc(t.id())).append("</td><td class=\"")
          .append(t.passed() ? "pass\">passed" : "fail\">FAILED").append("</td><td>")
          .append(HtmlReport.esc(t.error() != null ? t.error() : String.join(", ",
              t.failedRules()))).append("</td></tr>");
    }
    h.append("</table>\n");
    for (TenantVerification t : v.tenants()) {
      if (t.report() == null || t.passed()) {
        continue;
      }
      h.append("<h2 class=\"fail\">tenant ").append(HtmlReport.esc(t.name())).append("</h2>\n")
          .append("<table><tr><th>rule</th><th>table</th><th>column</th><th>found</th></tr>");
      for (VerificationReport.Rule r : t.report().rules()) {
        for (VerificationReport.Failure f : r.failures()) {
          h.append("<tr><td>").append(HtmlReport.esc(r.rule())).append("</td><td>")
              .append(HtmlReport.esc(f.table())).append("</td><td>")
              .append(HtmlReport.esc(f.column())).append("</td><td>")
              .append(HtmlReport.esc(f.message())).append("</td></tr>");
        }
      }
      h.append("</table>\n");
    }
    h.append("<h2>References across tenants</h2>\n");
    if (v.crossTenant().isEmpty()) {
      h.append("<p class=\"pass\">none: every reference stays within its tenant</p>\n");
    } else {
      h.append("<table><tr><th>table</th><th>foreign key</th><th>parent</th><th>rows</th>")
          .append("<th>first</th></tr>");
      for (CrossTenant c : v.crossTenant()) {
        h.append("<tr><td>").append(HtmlReport.esc(c.table())).append("</td><td>")
            .append(HtmlReport.esc(c.foreignKey())).append("</td><td>")
            .append(HtmlReport.esc(c.parent())).append("</td><td class=\"fail\">")
            .append(c.rows()).append("</td><td>")
            .append(HtmlReport.esc(String.join("; ", c.first()))).append("</td></tr>");
      }
      h.append("</table>\n");
    }
    if (!v.notes().isEmpty()) {
      h.append("<h2>Notes</h2>\n<ul>");
      v.notes().forEach(n -> h.append("<li>").append(HtmlReport.esc(n)).append("</li>"));
      h.append("</ul>\n");
    }
    return h.append("</body></html>\n").toString();
  }
}

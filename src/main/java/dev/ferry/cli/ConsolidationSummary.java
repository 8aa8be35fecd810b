package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.ConsolidationVerification;
import dev.ferry.api.ConsolidationVerification.CrossTenant;
import dev.ferry.api.ConsolidationVerification.TenantVerification;
import dev.ferry.endpoint.ManifestLoader;
import dev.ferry.error.ErrorCode;
import dev.ferry.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code ferry verify --manifest}: runs it and prints a line per tenant. */
final class ConsolidationSummary {

  private ConsolidationSummary() {}

  /**
   * @return the exit code, the highest of the tenants' as for consolidate: 0 every tenant
   *     passed and no reference crosses tenants, 2 a tenant's source unreachable, 3 a rule failed
   */
  static int verify(Path manifest, List<String> tenants, int maxDiffs, int batchSize, Path out,
      boolean json, PrintWriter stdout) {
    ConsolidationVerification v = Ferry.verifyConsolidation(new ManifestLoader().load(manifest),
        tenants, maxDiffs, batchSize, out);
    if (json) {
      stdout.print(Json.pretty(v));
    } else {
      stdout.println("Verified " + v.tenants().size() + " tenants against " + v.target() + ": "
          + (v.passed() ? "passed" : "FAILED"));
      for (TenantVerification t : v.tenants()) {
        stdout.println("  tenant " + t.name() + ": " + (t.passed() ? "passed"
            : "FAILED (" + (t.error() != null ? t.error() : String.join(", ", t.failedRules()))
                + ")"));
      }
      for (CrossTenant c : v.crossTenant()) {
        stdout.println("  " + c.table() + " (" + c.foreignKey() + ") -> " + c.parent() + ": "
            + c.rows() + " rows reference another tenant's row, e.g. " + String.join("; ",
                c.first()));
      }
      v.tenants().stream().filter(t -> !t.passed()).map(TenantVerification::name)
          .reduce((a, b) -> a + ", " + b).ifPresent(n -> stdout.println("  failed: " + n));
      if (out != null) {
        stdout.println("Report: " + out.resolve("verification.json") + " and "
            + out.resolve("report.html"));
      }
    }
    stdout.flush();
    int code = v.crossTenant().isEmpty() ? 0 : ErrorCode.VERIFICATION_FAILED.exitCode();
    for (TenantVerification t : v.tenants()) {
      code = Math.max(code, t.passed() ? 0 : t.error() != null
          ? ErrorCode.CONNECTION.exitCode() : ErrorCode.VERIFICATION_FAILED.exitCode());
    }
    return code == 0 && !v.passed() ? ErrorCode.VERIFICATION_FAILED.exitCode() : code;
  }
}

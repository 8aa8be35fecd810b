package dev.ferry.api;

import java.util.List;

/**
 * {@code ferry verify --manifest}: every tenant of a consolidation proven against its rows in the
 * target (docs/consolidate.md, "Verifying a consolidation"), written as one {@code
 * verification.json}.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param target the target, as its endpoint describes itself (no secret)
 * @param passed every tenant verified passed, and no reference crosses tenants
 * @param tenants one per tenant verified, in the manifest's order
 * @param crossTenant per foreign key between two tables that carry a tenant column, the rows
 *     whose parent belongs to another tenant; only the keys that have such rows
 * @param notes what was not compared, and why
 */
public record ConsolidationVerification(int formatVersion, String target, boolean passed,
    List<TenantVerification> tenants, List<CrossTenant> crossTenant, List<String> notes) {

  public static final int FORMAT_VERSION = 1;

  public ConsolidationVerification {
    tenants = List.copyOf(tenants);
    crossTenant = List.copyOf(crossTenant);
    notes = List.copyOf(notes);
  }

  /**
   * One tenant's verification.
   *
   * @param name the tenant's name in the manifest
   * @param id its tenant id
   * @param passed whether every rule held
   * @param failedRules the rules that failed, in the report's order
   * @param error why the tenant could not be verified (its source unreachable); null otherwise
   * @param report the verification of its source against its rows in the target; null with an
   *     error
   */
  public record TenantVerification(String name, String id, boolean passed,
      List<String> failedRules, String error, VerificationReport report) {

    public TenantVerification {
      failedRules = List.copyOf(failedRules);
    }
  }

  /**
   * Rows whose reference lands in another tenant.
   *
   * @param table the referencing table
   * @param foreignKey its foreign key's columns, joined by commas
   * @param parent the referenced table
   * @param rows how many of the table's rows reference another tenant's parent
   * @param first the first such rows (key, its tenant, the parent's tenant), at most the diffs
   *     asked for
   */
  public record CrossTenant(String table, String foreignKey, String parent, long rows,
      List<String> first) {

    public CrossTenant {
      first = List.copyOf(first);
    }
  }
}

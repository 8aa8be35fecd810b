package dev.ferry.api;

import java.util.List;

/**
 * What {@code Ferry.schema} with {@code --tighten} wrote and decided.
 *
 * @param schema the files written
 * @param mode the tightening mode
 * @param notNull columns made NOT NULL from evidence
 * @param unique unique constraints added from evidence
 * @param foreignKeys foreign keys added from evidence
 * @param skipped candidate constraints left out (each with its reason in {@code
 *     schema-decisions.json})
 * @param remediation one line per constraint that a few bad rows block, naming them
 */
public record TightenResult(SchemaResult schema, String mode, int notNull, int unique,
    int foreignKeys, int skipped, List<String> remediation) {

  public TightenResult {
    remediation = List.copyOf(remediation);
  }
}

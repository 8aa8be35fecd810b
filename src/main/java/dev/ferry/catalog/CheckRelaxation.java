package dev.ferry.catalog;

/**
 * A way to load a foreign-key cycle whose constraints are all NOT NULL and not deferrable: switch
 * the checks off for the loading session (or drop and recreate the constraint), then prove with a
 * mandatory orphan check afterwards that every reference resolves.
 */
public enum CheckRelaxation {
  /** MariaDB/MySQL: {@code SET FOREIGN_KEY_CHECKS = 0} for the load's session; no privilege needed. */
  SESSION_FOREIGN_KEY_CHECKS_OFF("SET FOREIGN_KEY_CHECKS = 0 for the load's session"),
  /** PostgreSQL: {@code SET session_replication_role = replica}; superuser only. */
  SESSION_REPLICATION_ROLE("SET session_replication_role = replica for the load's session"),
  /**
   * PostgreSQL (table owner) and H2 (schema owner or admin): drop the foreign key before the load
   * and re-create it, validated, once its tables are loaded. Its definition is recorded in ferry's
   * state in the transaction that drops it, so that a killed run's keys are re-created by the
   * next run on the target.
   */
  DROP_AND_RECREATE_CONSTRAINT("drop the foreign key before the load and re-create it,"
      + " validated, after it (the definition kept in ferry's state until then)", true),
  /** SQL Server: {@code ALTER TABLE ... NOCHECK CONSTRAINT}, then {@code WITH CHECK CHECK}. */
  DISABLE_CONSTRAINT("ALTER TABLE ... NOCHECK CONSTRAINT, re-enabled WITH CHECK after the load",
      true),
  /** SQLite: {@code PRAGMA foreign_keys = OFF} for the connection, outside a transaction. */
  PRAGMA_FOREIGN_KEYS_OFF("PRAGMA foreign_keys = OFF for the load's connection", false),
  /**
   * H2's {@code SET REFERENTIAL_INTEGRITY FALSE}. No longer planned: it switches the checks off
   * for the whole database, every other session and table included; kept so that older
   * {@code load-order.json} files still read.
   */
  REFERENTIAL_INTEGRITY_OFF("SET REFERENTIAL_INTEGRITY FALSE (no longer planned)", false);

  private final String description;
  private final boolean perConstraint;

  CheckRelaxation(String description) {
    this(description, false);
  }

  CheckRelaxation(String description, boolean perConstraint) {
    this.description = description;
    this.perConstraint = perConstraint;
  }

  /** What the loader does, in one phrase, for plans and reports. */
  public String description() {
    return description;
  }

  /**
   * True when the relaxation changes the constraints themselves (drops or disables them) rather
   * than a session's settings: the copy then sets them aside before the load and restores them
   * after it, crash-safely, instead of running statements on the load's session.
   */
  public boolean perConstraint() {
    return perConstraint;
  }
}

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
  /** PostgreSQL and others: drop the constraint before the load, recreate it after; table owner. */
  DROP_AND_RECREATE_CONSTRAINT("drop the constraint before the load and recreate it after"),
  /** SQL Server: {@code ALTER TABLE ... NOCHECK CONSTRAINT}, then {@code WITH CHECK CHECK}. */
  DISABLE_CONSTRAINT("ALTER TABLE ... NOCHECK CONSTRAINT, re-enabled WITH CHECK after the load"),
  /** SQLite: {@code PRAGMA foreign_keys = OFF} for the connection, outside a transaction. */
  PRAGMA_FOREIGN_KEYS_OFF("PRAGMA foreign_keys = OFF for the load's connection"),
  /** H2: {@code SET REFERENTIAL_INTEGRITY FALSE} on the cycle's tables; admin only. */
  REFERENTIAL_INTEGRITY_OFF("ALTER TABLE ... SET REFERENTIAL_INTEGRITY FALSE for the load");

  private final String description;

  CheckRelaxation(String description) {
    this.description = description;
  }

  /** What the loader does, in one phrase, for plans and reports. */
  public String description() {
    return description;
  }
}

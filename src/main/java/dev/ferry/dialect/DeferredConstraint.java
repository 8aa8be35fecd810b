package dev.ferry.dialect;

import dev.ferry.catalog.TableName;

/**
 * A foreign key a load sets aside (drops or disables) and restores once its tables are loaded, as
 * {@link Dialect#deferredConstraint} describes it and ferry's state records it until then.
 *
 * @param table the table that declares it (the child)
 * @param name the constraint name, unquoted
 * @param restore the statement that re-creates (or re-enables) it exactly, checking every row
 * @param restoreUnchecked the statement that re-creates it without checking the rows present,
 *     for when rows violate it: new rows are checked, the schema is no worse than before the load
 *     (PostgreSQL {@code NOT VALID}, H2 {@code NOCHECK}, SQL Server {@code CHECK} without {@code
 *     WITH CHECK})
 */
public record DeferredConstraint(TableName table, String name, String restore,
    String restoreUnchecked) {}

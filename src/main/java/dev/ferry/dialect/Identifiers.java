package dev.ferry.dialect;

import dev.ferry.catalog.TableName;

/**
 * How an engine spells names in its SQL: identifiers quoted its way, tables qualified by their
 * schema. A part of {@link Dialect}, for the other parts that write names.
 */
public interface Identifiers {

  /** Quotes an identifier, doubling the quote character inside it. */
  String quote(String identifier);

  /** {@code schema.table}, each part quoted; the schema is left out when null. */
  default String qualify(TableName table) {
    return table.schema() == null
        ? quote(table.name())
        : quote(table.schema()) + "." + quote(table.name());
  }
}

package dev.ferry.dialect;

import dev.ferry.catalog.TableName;

/**
 * How an engine spells names in its SQL: identifiers quoted its way, tables qualified by their
 * schema. A part of {@link Dialect}, for the other parts that write names.
 */
public interface Identifiers {

  /** Quotes an identifier, doubling the quote character inside it. */
  String quote(String identifier);

  /**
   * Quotes an identifier for a file a person reviews and a client runs: as {@link #quote}, except
   * where that form is valid but misread by review tools and parsers (SQL Server's {@code [a]]b]},
   * written {@code "a]b"}, which needs {@code SET QUOTED_IDENTIFIER ON}).
   */
  default String quoteForFile(String identifier) {
    return quote(identifier);
  }

  /** {@code schema.table}, each part quoted; the schema is left out when null. */
  default String qualify(TableName table) {
    return table.schema() == null
        ? quote(table.name())
        : quote(table.schema()) + "." + quote(table.name());
  }
}

package dev.ferry.verify;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.CanonicalValue;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One side of a table comparison (or the one table of a fingerprint): which table, which columns
 * in the compared order, how each is encoded, and which values are rewritten before hashing.
 *
 * @param engine the endpoint's dialect id, or {@code bundle}
 * @param table the table on this side
 * @param ownRowsOnly read only the table's own rows (it has inheritance children)
 * @param columns this side's catalog columns, in the compared order (by lower-case name)
 * @param encodings how each column is encoded, paired with the other side's column
 * @param key positions in {@code columns} of the key, in key order; every column when the table
 *     has no key
 * @param rewrites per column, the rewrite applied before hashing (a reference map), or null
 * @param rowFilter the condition selecting the rows compared (a table's {@code where:}); null for
 *     every row
 */
record Side(String engine, TableName table, boolean ownRowsOnly, List<Column> columns,
    List<CanonicalValue> encodings, int[] key, List<UnaryOperator<Object>> rewrites,
    String rowFilter) {

  /** A side of every row. */
  Side(String engine, TableName table, boolean ownRowsOnly, List<Column> columns,
      List<CanonicalValue> encodings, int[] key, List<UnaryOperator<Object>> rewrites) {
    this(engine, table, ownRowsOnly, columns, encodings, key, rewrites, null);
  }

  /** The same side, comparing only the rows {@code condition} selects. */
  Side withRowFilter(String condition) {
    return new Side(engine, table, ownRowsOnly, columns, encodings, key, rewrites, condition);
  }

  Side {
    columns = List.copyOf(columns);
    encodings = List.copyOf(encodings);
    rewrites = rewrites == null ? null : java.util.Collections.unmodifiableList(
        new java.util.ArrayList<>(rewrites));
  }

  /** The rewrite of column {@code i}, or null. */
  UnaryOperator<Object> rewrite(int i) {
    return rewrites == null ? null : rewrites.get(i);
  }
}

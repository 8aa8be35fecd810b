package dev.ferry.script;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.bundle.BundleSource;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.ColumnRef;
import dev.ferry.identity.Keys;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys each reference column holds in the source, as bits over the map's key indexes: one
 * {@code SELECT DISTINCT} per column (or one pass over a bundle file), streamed. Memory: one bit
 * per mapped key per column, one column at a time.
 */
final class ReferencedKeys implements AutoCloseable {

  private static final int CHUNK = 10_000;

  private final Catalog catalog;
  private final ValueKind keyKind;
  private final Map<String, Integer> index;
  private final Connection connection;
  private final Dialect dialect;
  private final ConnectionSpec spec;
  private final BundleSource bundle;

  ReferencedKeys(Endpoint from, Catalog catalog, ValueKind keyKind, Map<String, Integer> index) {
    this.catalog = catalog;
    this.keyKind = keyKind;
    this.index = index;
    if (from instanceof Endpoint.Database db) {
      spec = db.spec();
      dialect = Dialects.forUrl(spec.url());
      connection = Connections.open(spec, dialect, true);
      try {
        connection.setAutoCommit(false);
      } catch (SQLException e) {
        // streaming is a nicety: the keys of one column fit in memory as the map does
      }
      bundle = null;
    } else {
      spec = null;
      dialect = null;
      connection = null;
      bundle = new BundleSource(((Endpoint.Bundle) from).directory());
    }
  }

  /** The indexes of the mapped keys the column holds. */
  BitSet of(ColumnRef ref) {
    BitSet keys = new BitSet(index.size());
    Table table = catalog.table(ref.table()).orElseThrow();
    if (bundle != null) {
      Column c = table.column(ref.column()).orElseThrow();
      TablePlan plan = new TablePlan(table.name(), table.name(), List.of(new CopyColumn(c.name(),
          c.name(), ValueKind.of(c), c.nullable())), List.of(), Set.of(), false, List.of());
      try (ChunkCursor cursor = bundle.read(plan, null, CHUNK)) {
        for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
          chunk.rows().forEach(row -> add(keys, row[0]));
        }
      }
      return keys;
    }
    String column = dialect.quote(ref.column());
    String sql = "SELECT DISTINCT " + column + " FROM "
        + dialect.fromClause(table.name(), table.hasChildren()) + " WHERE " + column
        + " IS NOT NULL";
    try (Statement s = connection.createStatement()) {
      s.setFetchSize(CHUNK);
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          add(keys, rs.getObject(1));
        }
      }
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "reading the keys of " + ref + " from "
          + spec.describe() + " failed: " + spec.redact(e.getMessage()), e);
    }
    return keys;
  }

  private void add(BitSet keys, Object value) {
    String text = Keys.text(value);
    if (text == null) {
      return;
    }
    String key = Keys.typeProblem(text, keyKind) == null ? Keys.normalise(text, keyKind) : text;
    Integer at = index.get(key);
    if (at != null) {
      keys.set(at);
    }
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // read-only
    }
    if (bundle != null) {
      bundle.close();
    }
  }

}

package dev.ferry.verify;

import dev.ferry.api.Endpoint;
import dev.ferry.api.IdentityConfig;
import dev.ferry.api.VerifyRequest;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.identity.CreateFallback;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.ColumnRef;
import dev.ferry.identity.References;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The identity table and the columns holding identity keys in one catalog, as the copy finds them
 * ({@link References}), plus the declared soft references alone for orphan checks.
 */
final class ReferenceColumns {

  private ReferenceColumns() {}

  /** The identity table, by qualified name or else by table name, ignoring case. */
  static Table identityTable(Catalog catalog, IdentityConfig config) {
    return References.identityTable(catalog, config);
  }

  /**
   * Every reference column, sorted: each single-column foreign key to the identity table's key,
   * plus the soft references (the identity table's own columns are not among them).
   */
  static List<ColumnRef> of(Catalog catalog, IdentityConfig config) {
    return References.of(catalog, config);
  }

  /** The declared soft references whose table is in the catalog, sorted. */
  static List<ColumnRef> soft(Catalog catalog, IdentityConfig config) {
    TreeSet<ColumnRef> refs = new TreeSet<>();
    for (String soft : config.softReferences()) {
      int dot = soft.lastIndexOf('.');
      String tableName = soft.substring(0, dot);
      String column = soft.substring(dot + 1);
      Optional<Table> table = find(catalog, tableName);
      if (table.isEmpty()) {
        continue;
      }
      Table t = table.get();
      String actual = t.columns().stream().map(c -> c.name())
          .filter(n -> n.equalsIgnoreCase(column)).findFirst()
          .orElseThrow(() -> new FerryException(ErrorCode.CONFIGURATION, "soft reference "
              + soft + " (ferry.yaml identity.soft-references): table " + t.name()
              + " has no column " + column));
      refs.add(new ColumnRef(t.name(), actual));
    }
    return new ArrayList<>(refs);
  }

  static Optional<Table> find(Catalog catalog, String name) {
    Optional<Table> exact = catalog.tables().stream()
        .filter(t -> t.name().qualified().equalsIgnoreCase(name)).findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    List<Table> byName = catalog.tables().stream()
        .filter(t -> t.name().name().equalsIgnoreCase(name)).toList();
    return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
  }

  /**
   * The users the create fallback of a copy inserted into the target, from its state table:
   * source key to target key; empty for a target that is no database or never had any.
   */
  static Map<String, String> createdUsers(VerifyRequest request, Catalog tc,
      String identityTable) {
    if (!(request.to() instanceof Endpoint.Database db)) {
      return Map.of();
    }
    Table identity = ReferenceColumns.find(tc, identityTable).orElse(null);
    if (identity == null) {
      return Map.of();
    }
    Dialect dialect = Dialects.forUrl(db.spec().url());
    try (Connection c = Connections.open(db.spec(), dialect, true)) {
      return CreateFallback.recorded(c, dialect, identity.name());
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "reading the users ferry created in "
          + db.describe() + " failed: " + db.spec().redact(e.getMessage()), e);
    }
  }
}

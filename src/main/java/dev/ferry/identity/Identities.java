package dev.ferry.identity;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.api.IdentityConfig;
import dev.ferry.bundle.BundleSource;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import dev.ferry.rows.ValueKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity workflow: read both sides' users, discover the referenced ones, match them, write
 * the map for the operator, validate the operator's map, and prepare a validated map for a copy.
 */
public final class Identities {

  private static final Logger LOG = LoggerFactory.getLogger(Identities.class);

  /** File name of the discovery proof. */
  public static final String DISCOVERY_FILE = "users-discovery.json";
  /** File name of the validation proof. */
  public static final String VALIDATION_FILE = "users-validation.json";
  /** File name of the transformation proof. */
  public static final String TRANSFORMATION_FILE = "users-transformation.json";

  private Identities() {}

  /**
   * Both sides as far as identities go.
   *
   * @param sourceCatalog the source catalog
   * @param identityTable the source identity table
   * @param source the source's users
   * @param discovery the referenced keys
   * @param target the target's users
   * @param targetIdentityTable the target's identity table; null when the target's users come
   *     from a file
   */
  public record Sides(Catalog sourceCatalog, Table identityTable, Inventory source,
      Discovery discovery, Inventory target, Table targetIdentityTable) {

    /** Both sides when the target's identity table is not known. */
    public Sides(Catalog sourceCatalog, Table identityTable, Inventory source,
        Discovery discovery, Inventory target) {
      this(sourceCatalog, identityTable, source, discovery, target, null);
    }

    /** Why users cannot be created in the target, or empty when they can. */
    public List<String> createObstacles(IdentityConfig config) {
      return CreateFallback.obstacles(identityTable, targetIdentityTable, config.key());
    }
  }

  /**
   * Reads both sides.
   *
   * @param targetUsers an export of the target's users, used instead of the target database
   */
  public static Sides read(Endpoint from, Endpoint to, Path targetUsers, IdentityConfig config,
      List<String> schemas, TableFilter filter) {
    return read(from, to, targetUsers, config, schemas, filter, null);
  }

  /**
   * Reads both sides, the target's users while the source's references are counted.
   *
   * @param targetUsers an export of the target's users, used instead of the target database
   * @param sourceCatalog the source catalog of these schemas and filter when the caller has
   *     already read it, else null
   */
  public static Sides read(Endpoint from, Endpoint to, Path targetUsers, IdentityConfig config,
      List<String> schemas, TableFilter filter, Catalog sourceCatalog) {
    if (targetUsers == null && !(to instanceof Endpoint.Database)) {
      throw new FerryException(ErrorCode.USAGE, "the target's users are needed: give a target"
          + " database with --to, or an export of its users with --target-users FILE");
    }
    Table[] table = new Table[1];
    CompletableFuture<Inventory> targetRead = targetUsers != null ? null
        : CompletableFuture.supplyAsync(() ->
            readTarget(((Endpoint.Database) to).spec(), config, table));
    Sides source;
    Inventory target;
    try {
      source = readSource(from, config, schemas, filter, sourceCatalog);
      target = targetRead != null ? targetRead.join()
          : InventoryReader.fromFile(targetUsers, config, source.source().keyKind());
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      if (targetRead != null && !targetRead.isDone()) {
        targetRead.cancel(false);
      }
    }
    return new Sides(source.sourceCatalog(), source.identityTable(), source.source(),
        source.discovery(), target, table[0]);
  }

  private static Sides readSource(Endpoint from, IdentityConfig config, List<String> schemas,
      TableFilter filter, Catalog known) {
    if (from instanceof Endpoint.Database db) {
      ConnectionSpec spec = db.spec();
      Dialect dialect = Dialects.forUrl(spec.url());
      try (Connection c = Connections.open(spec, dialect, true)) {
        CatalogReader reader = new CatalogReader(c, dialect);
        Catalog catalog = known != null ? known : reader.read(schemas, filter);
        Table identity = References.find(catalog, config.table()).orElse(null);
        if (identity == null) {
          // a copy of some tables (--include, --exclude) still needs the source's users
          identity = References.readIdentityTable(reader, schemas, config, "source",
              spec.describe());
        }
        if (!References.softReferenceTablesIn(catalog, config)) {
          // left out by the selection, or not there at all: only the second is a mistake
          References.requireSoftReferenceTables(reader.tableNames(schemas), config, "source");
        }
        // the users are read on a connection of their own while the references are counted
        Table users = identity;
        CompletableFuture<Inventory> reading = CompletableFuture.supplyAsync(() -> {
          long start = System.nanoTime();
          try (Connection own = Connections.open(spec, dialect, true)) {
            Inventory read = InventoryReader.fromDatabase(own, dialect, users, config, "source");
            LOG.debug("read {} source users in {} ms", read.identities().size(),
                (System.nanoTime() - start) / 1_000_000);
            return read;
          } catch (SQLException e) {
            throw new CompletionException(e);
          }
        });
        long start = System.nanoTime();
        Discovery discovery;
        Inventory inventory;
        try {
          discovery = Discovery.ofDatabase(c, () -> Connections.open(spec, dialect, true),
              dialect, catalog, identity, config, reading::join);
          inventory = reading.join();
        } catch (CompletionException e) {
          if (e.getCause() instanceof SQLException sql) {
            throw sql;
          }
          throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
          reading.exceptionally(t -> null).join();
        }
        LOG.debug("counted the references of {} columns in {} ms", discovery.columns().size(),
            (System.nanoTime() - start) / 1_000_000);
        return new Sides(catalog, identity, inventory, discovery, null);
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.INPUT, "reading the source's users from "
            + spec.describe() + " failed: " + spec.redact(e.getMessage()), e);
      }
    }
    Path dir = ((Endpoint.Bundle) from).directory();
    try (BundleSource bundle = new BundleSource(dir)) {
      return BundleIdentities.read(bundle, config);
    }
  }

  private static Inventory readTarget(ConnectionSpec spec, IdentityConfig config,
      Table[] table) {
    Dialect dialect = Dialects.forUrl(spec.url());
    try (Connection c = Connections.open(spec, dialect, true)) {
      Table identity = References.readIdentityTable(new CatalogReader(c, dialect), List.of(),
          config, "target", spec.describe());
      table[0] = identity;
      long start = System.nanoTime();
      Inventory inventory = InventoryReader.fromDatabase(c, dialect, identity, config, "target");
      LOG.debug("read {} target users in {} ms", inventory.identities().size(),
          (System.nanoTime() - start) / 1_000_000);
      return inventory;
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "reading the target's users from "
          + spec.describe() + " failed: " + spec.redact(e.getMessage()), e);
    }
  }

  /** What the rules give for these sides, before any operator entry. */
  public static List<MapRow> match(Sides sides, IdentityConfig config) {
    return Matcher.match(sides.discovery(), sides.source(), sides.target(), config);
  }

  /**
   * {@code ferry users map}: matches and writes {@code user-map.csv} (keeping the operator's
   * entries of an existing file) and {@code users-discovery.json} beside it.
   */
  public static List<MapRow> map(Sides sides, IdentityConfig config, Path out) {
    return map(sides, config, out, Matcher.match(sides.discovery(), sides.source(),
        sides.target(), config));
  }

  /**
   * As {@link #map(Sides, IdentityConfig, Path)}, with what the rules gave already at hand.
   *
   * @param matched {@link Matcher#match} of these sides
   */
  public static List<MapRow> map(Sides sides, IdentityConfig config, Path out,
      List<MapRow> matched) {
    List<MapRow> rows = matched;
    if (java.nio.file.Files.exists(out)) {
      UserMapFile.Read earlier = UserMapFile.read(out);
      if (!earlier.problems().isEmpty()) {
        throw new FerryException(ErrorCode.INPUT, "the existing map cannot be merged:\n  "
            + String.join("\n  ", earlier.problems().stream().map(Problem::render).toList())
            + "\nFix it, or move it away to start afresh.");
      }
      rows = UserMapFile.merge(rows, earlier.entries(), sides.source(), sides.target());
    }
    UserMapFile.write(out, rows, config.matchColumns());
    Json.write(siblingOf(out, DISCOVERY_FILE), sides.discovery());
    return rows;
  }

  /**
   * What {@code users validate} would say of a map {@code users map} just wrote, without reading
   * it again or matching again: its fallbacks (a {@code default:<key>} the target lacks, {@code
   * null} into a NOT NULL column, {@code create} where the target cannot take users), entries
   * kept from an earlier map, and many-to-one maps.
   *
   * @param out the map as written
   * @param rows its rows, in file order
   * @param matched what the rules gave
   */
  public static MapValidation check(Sides sides, IdentityConfig config, Path out,
      List<MapRow> rows, List<MapRow> matched) {
    List<UserMapFile.Entry> entries = new java.util.ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      MapRow r = rows.get(i);
      entries.add(new UserMapFile.Entry(i + 2, r.sourceKey(), r.targetKey(), r.status()));
    }
    return MapValidation.check(out.toString(), new UserMapFile.Read(entries, List.of(), true,
        java.util.Map.of()), sides.discovery(), sides.source(), sides.target(), config,
        sides.createObstacles(config), matched);
  }

  /** {@code ferry users validate}: checks the map and writes {@code users-validation.json}. */
  public static MapValidation validate(Sides sides, IdentityConfig config, Path map, Path out) {
    MapValidation validation = MapValidation.check(map.toString(), UserMapFile.read(map),
        sides.discovery(), sides.source(), sides.target(), config, sides.createObstacles(config));
    Json.write(out, validation);
    return validation;
  }

  /** A validated map, ready for a copy; null with the validation when it is not valid. */
  public static UserMap load(Sides sides, IdentityConfig config, Path map,
      MapValidation[] validation) {
    return load(sides, config, map, UserMapFile.read(map), validation);
  }

  /** As {@link #load(Sides, IdentityConfig, Path, MapValidation[])}, the file already read. */
  public static UserMap load(Sides sides, IdentityConfig config, Path map,
      UserMapFile.Read read, MapValidation[] validation) {
    validation[0] = MapValidation.check(map.toString(), read, sides.discovery(), sides.source(),
        sides.target(), config, sides.createObstacles(config));
    return validation[0].valid() ? UserMap.of(read, validation[0], sides.source(), sides.target())
        : null;
  }

  /**
   * {@code sha256:} over an inventory's keys in key order: names a set of users, e.g. the
   * target's a map was validated against, without listing them.
   */
  public static String fingerprint(Inventory inventory) {
    return Json.fingerprint(inventory.identities().stream().map(Identity::key).toList());
  }

  /** A file beside another. */
  public static Path siblingOf(Path file, String name) {
    Path parent = file.toAbsolutePath().getParent();
    return parent.resolve(name);
  }

  static ValueKind kindOf(Table table, String column) {
    return ValueKind.of(table.columns().stream().filter(c -> c.name().equalsIgnoreCase(column))
        .findFirst().orElseThrow());
  }
}

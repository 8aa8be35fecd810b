package dev.ferry.copy;

import static dev.ferry.copy.Stages.await;
import static dev.ferry.copy.Stages.millisSince;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.UsersMapping;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.Identities;
import dev.ferry.identity.MapValidation;
import dev.ferry.identity.Problem;
import dev.ferry.identity.References;
import dev.ferry.identity.RemapTransformer;
import dev.ferry.identity.UserMap;
import dev.ferry.identity.UserMapFile;
import dev.ferry.json.Json;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.SourceReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user map's stages in a copy: validating the map before anything is written (writing
 * users-discovery.json and users-validation.json either way), leaving the identity table out and
 * rewriting every reference to a user, planning the create fallback in the preflight and running
 * it before the load, and what the rewrite proved.
 */
final class UserMapStage {

  private static final Logger LOG = LoggerFactory.getLogger(UserMapStage.class);

  private final CopyRequest request;
  private final CopyOptions options;
  /** users-discovery.json and users-validation.json being written, once the map is validated. */
  private CompletableFuture<Void> reports;
  private Identities.Sides sides;
  private TableName identityTable;
  private RemapTransformer remap;
  private Map<String, Long> mappingByStatus;
  private UserCreation creation;

  /** @param request a copy with a user map */
  UserMapStage(CopyRequest request) {
    this.request = request;
    this.options = request.options();
  }

  /**
   * Validates the user map before anything is written (refusing when it is not valid), leaves the
   * identity table out of the copy (the target's users are the target's), and prepares the
   * transformer that rewrites every reference ({@link #after}), recording the map in {@code
   * transformations}. Writes users-discovery.json and users-validation.json into {@code
   * reportDir} either way. Returns the source catalog without the identity table.
   */
  Catalog apply(Catalog source, Path reportDir, Map<String, String> transformations) {
    UsersMapping users = request.users();
    Endpoint usersOf = users.targetDatabase() != null ? users.targetDatabase() : request.to();
    long start = System.nanoTime();
    // the map file is parsed while the databases count
    CompletableFuture<UserMapFile.Read> file = CompletableFuture.supplyAsync(
        () -> UserMapFile.read(users.map()));
    Identities.Sides sides = Identities.read(request.from(), usersOf, users.targetUsers(),
        users.config(), options.schemas(), options.filter(), source);
    LOG.debug("read both sides' users and counted the references in {} ms", millisSince(start));
    start = System.nanoTime();
    MapValidation[] validation = new MapValidation[1];
    UserMapFile.Read read = await(file);
    UserMap map = Identities.load(sides, users.config(), users.map(), read, validation);
    // the two reports are written beside the load when the map is valid (awaited before the run's
    // own report), before the refusal when it is not
    reports = CompletableFuture.runAsync(() -> {
      Json.write(reportDir.resolve(Identities.DISCOVERY_FILE), sides.discovery());
      Json.write(reportDir.resolve(Identities.VALIDATION_FILE), validation[0]);
    });
    LOG.debug("validated the user map in {} ms", millisSince(start));
    if (map == null) {
      await(reports);
      throw new FerryException(ErrorCode.REFUSED, "refused before writing anything: the user map "
          + users.map() + " is not valid (" + validation[0].problems().size() + " problems, see "
          + reportDir.resolve(Identities.VALIDATION_FILE) + "):\n  - " + String.join(
          "\n  - ", validation[0].problems().stream().limit(20).map(Problem::render).toList()));
    }
    if (!validation[0].toCreate().isEmpty() && !(request.to() instanceof Endpoint.Database)) {
      await(reports);
      throw new FerryException(ErrorCode.REFUSED, "refused before writing anything: "
          + validation[0].toCreate().size() + " users are left to the create fallback, which"
          + " inserts them into the target database, but " + request.to().describe() + " is not"
          + " a database. Copy into the target database, or map those users in " + users.map());
    }
    this.sides = sides;
    identityTable = sides.identityTable().name();
    mappingByStatus = read.coverage();
    remap = new RemapTransformer(References.of(source, identityTable, users.config()), map,
        sides.target());
    // recorded in the run report and a bundle's manifest: the rows hold the target's user keys,
    // the identity table is left out, and these are the users the map was validated against
    transformations.put("user-map", map.fingerprint());
    transformations.put(CopyPlanner.MAPPED_IDENTITY_TABLE, identityTable.qualified());
    transformations.put("user-map.target-users", Identities.fingerprint(sides.target()));
    List<Table> kept = source.tables().stream().filter(t -> !t.name().equals(identityTable))
        .toList();
    return new Catalog(source.formatVersion(), source.engine(), source.database(),
        source.schemas(), source.filter(), kept, Json.fingerprint(kept));
  }

  /** {@code before}, then the rewrite of every reference to a user through the map. */
  RowTransformer after(RowTransformer before) {
    return (table, row) -> remap.transform(table, before.transform(table, row));
  }

  /** The source's identity table, left out of the copy. */
  TableName identityTable() {
    return identityTable;
  }

  /** The transformer that rewrites the references, with its proof. */
  RemapTransformer remap() {
    return remap;
  }

  /** How many of the map file's rows each rule, the operator or a fallback decided. */
  Map<String, Long> mappingByStatus() {
    return mappingByStatus;
  }

  /** Whether users are left to the create fallback. */
  boolean creates() {
    return !remap.map().toCreate().isEmpty();
  }

  /**
   * Plans the create fallback in the preflight, adding what prevents it to {@code problems};
   * writes nothing.
   */
  void planCreation(SourceReader source, Connection c, Dialect targetDialect,
      List<String> problems) throws SQLException {
    creation = UserCreation.plan(source, sides.identityTable(), sides.targetIdentityTable(),
        request.users().config().key(), remap.map(), c, targetDialect, problems);
  }

  /**
   * Inserts the users of the create fallback (or finds those an earlier run created), maps them,
   * and writes users-created.json; the first write of a run with such users. Nothing when the
   * preflight planned no creation.
   */
  void createUsers(Dialect targetDialect, Path reportDir, String runId) {
    if (creation == null) {
      return;
    }
    Endpoint.Database db = (Endpoint.Database) request.to();
    List<UserCreation.NewUser> proof = new ArrayList<>();
    try (Connection c = Connections.open(db.spec(), targetDialect, false)) {
      remap.created(creation.apply(c, runId, proof));
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "creating users in "
          + db.describe() + " failed, none was created: " + db.spec().redact(e.getMessage()), e);
    }
    Json.write(reportDir.resolve(UserCreation.PROOF_FILE), new UserCreation.Proof(
        sides.targetIdentityTable().name().qualified(), proof));
    LOG.info("create fallback: {} users created or found from an earlier run", proof.size());
  }

  /** Adds to {@code problems} each rewritten column that references a user the target lacks. */
  void unproven(List<String> problems) {
    // references to the identity table load unchecked: the rewrite proves each written key
    remap.proof().forEach((column, proof) -> {
      if (!proof.allInTarget()) {
        problems.add(column + ": " + proof.notInTarget() + " rows reference a user the target"
            + " does not have (removed from the target since the map was validated?)");
      }
    });
  }

  /** Waits until the user reports are written; throws what writing them threw. */
  void awaitReports() {
    if (reports != null) {
      await(reports);
    }
  }

  /** Waits until the user reports are written, whatever the outcome: a failed run leaves them. */
  void settleReports() {
    if (reports != null) {
      reports.exceptionally(t -> null).join();
    }
  }
}

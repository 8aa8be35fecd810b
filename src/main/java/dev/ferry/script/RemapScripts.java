package dev.ferry.script;

import dev.ferry.api.RemapRequest;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.ColumnRef;
import dev.ferry.identity.Identities;
import dev.ferry.identity.Keys;
import dev.ferry.identity.MapValidation;
import dev.ferry.identity.Problem;
import dev.ferry.identity.References;
import dev.ferry.identity.UserMap;
import dev.ferry.json.Json;
import dev.ferry.rows.ValueKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ferry script remap}: validates the user map exactly as a copy does (refusing when it is
 * not valid), finds the reference columns and the keys each holds in the source, and writes the
 * forward script, its inverse and the dry-run listing (see docs/scripts.md).
 */
public final class RemapScripts {

  private static final Logger LOG = LoggerFactory.getLogger(RemapScripts.class);

  private RemapScripts() {}

  /**
   * Writes the scripts.
   *
   * @throws FerryException {@link ErrorCode#REFUSED} when the map is not valid (nothing but
   *     {@code users-validation.json} written), other codes for unreachable endpoints and bad input
   */
  public static RemapSummary write(RemapRequest request) {
    Identities.Sides sides = Identities.read(request.from(), request.to(), request.targetUsers(),
        request.config(), request.schemas(), request.filter());
    MapValidation[] validation = new MapValidation[1];
    UserMap map = Identities.load(sides, request.config(), request.map(), validation);
    Path validationFile = Identities.siblingOf(request.out().toAbsolutePath(),
        Identities.VALIDATION_FILE);
    if (map == null) {
      // the one file a refusal writes: it is the refusal's reasons, in full
      Json.write(validationFile, validation[0]);
      throw new FerryException(ErrorCode.REFUSED, "refused before writing any script: the user"
          + " map " + request.map() + " is not valid (" + validation[0].problems().size()
          + " problems, see " + validationFile + "):\n  - " + String.join("\n  - ",
          validation[0].problems().stream().limit(20).map(Problem::render).toList()));
    }
    if (!map.toCreate().isEmpty()) {
      throw new FerryException(ErrorCode.REFUSED, "refused before writing any script: "
          + map.toCreate().size() + " users of the map are left to the create fallback, which"
          + " needs their new keys from the target while copying; a script cannot know them."
          + " Create those users in the target and enter their keys in " + request.map()
          + ", or use 'ferry copy --users-map'. Nothing was written.");
    }
    checkOut(request.out());
    Catalog catalog = sides.sourceCatalog();
    ScriptDialect dialect = ScriptDialect.of(request.dialect());
    TableNaming naming = TableNaming.of(dialect, catalog.engine(), request.targetSchema());
    List<ColumnRef> refs = References.of(catalog, request.config());
    List<RemapGenerator.Column> columns = new ArrayList<>();
    for (ColumnRef ref : refs) {
      Table table = catalog.table(ref.table()).orElseThrow();
      Column column = table.column(ref.column()).orElseThrow();
      columns.add(new RemapGenerator.Column(naming.label(table.name(), column.name()),
          ref.qualified(), naming.quoted(table.name()),
          dialect.literals().identifier(column.name()), ValueKind.of(column),
          unique(table, column.name())));
    }
    RemapGenerator.Staging staging = columns.stream().anyMatch(RemapGenerator.Column::unique)
        && dialect.uniquePerRow() ? StagingKey.choose(map, sides.target()) : null;
    checkKeys(dialect, map, staging, columns);
    RemapGenerator generator = new RemapGenerator(request.dialect(), map.fingerprint(),
        map.sourceKind(), map.pairs(), map.toNull(), request.batchSize(),
        request.pauseMillis(), staging);
    List<BitSet> held = new ArrayList<>();
    if (request.allKeys()) {
      refs.forEach(r -> held.add(generator.allKeys()));
    } else {
      try (ReferencedKeys keys = new ReferencedKeys(request.from(), catalog, map.sourceKind(),
          generator.index())) {
        for (ColumnRef ref : refs) {
          held.add(keys.of(ref));
        }
      }
    }
    LOG.debug("remap of {} mapped users over {} reference columns", map.size(), refs.size());
    Json.write(validationFile, validation[0]);
    return generator.write(request.out(), columns, held,
        request.allKeys() ? "all" : "referenced");
  }

  /** Whether a unique key (the primary key included) of the table holds the column. */
  private static boolean unique(Table table, String column) {
    return table.primaryKey() != null && table.primaryKey().columns().contains(column)
        || table.uniqueKeys().stream().anyMatch(k -> k.columns().contains(column));
  }

  /** Refuses an --out the scripts cannot be written to, before anything is. */
  private static void checkOut(Path out) {
    Path absolute = out.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new FerryException(ErrorCode.INPUT, "--out " + out + " is a directory: it names the"
          + " script file (e.g. remap.sql), beside which the inverse, the dry run and the summary"
          + " are written. Nothing was written.");
    }
    Path parent = absolute.getParent();
    if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
      throw new FerryException(ErrorCode.INPUT, "cannot write " + out + ": " + parent
          + " is a file. Nothing was written.");
    }
  }

  /**
   * Refuses keys the dialect cannot write in a reference column's kind (a text key holding NUL
   * for PostgreSQL, say) before the first script is written, not halfway through it.
   */
  private static void checkKeys(ScriptDialect dialect, UserMap map,
      RemapGenerator.Staging staging, List<RemapGenerator.Column> columns) {
    SqlLiterals q = dialect.literals();
    Set<ValueKind> kinds = new TreeSet<>();
    columns.forEach(c -> kinds.add(c.kind() == ValueKind.OTHER ? ValueKind.TEXT : c.kind()));
    List<String> texts = new ArrayList<>();
    map.pairs().forEach((source, target) -> {
      texts.add(source);
      texts.add(target);
    });
    texts.addAll(map.toNull());
    if (staging != null) {
      texts.add(staging.key());
    }
    for (ValueKind kind : kinds) {
      for (String text : texts) {
        String problem;
        try {
          problem = q.problem(Keys.value(text, kind), kind);
        } catch (RuntimeException e) {
          problem = "keys of another type";
        }
        if (problem != null) {
          throw new FerryException(ErrorCode.REFUSED, "refused before writing any script: the"
              + " user key " + SqlLiterals.printable(text) + " cannot be written into a " + kind
              + " reference column of a " + dialect.name() + " script (" + problem + ")."
              + " Nothing was written.");
        }
      }
    }
  }
}

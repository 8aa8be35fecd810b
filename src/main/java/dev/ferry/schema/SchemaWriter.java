package dev.ferry.schema;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.SchemaRequest;
import dev.ferry.api.SchemaResult;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code ferry schema}: reads the source's catalog, maps every column's type, and writes {@code
 * 01-tables.sql}, {@code 02-constraints.sql}, {@code schema-notes.txt} and {@code manifest.json}.
 * Everything that can refuse (the directory, an unknown type, a name no file can hold, two tables
 * of one name) refuses before the first file is written.
 */
public final class SchemaWriter {

  /** The files of a schema directory, in the order they are written. */
  static final List<String> FILES = List.of("01-tables.sql", "02-constraints.sql",
      "schema-notes.txt", "manifest.json");

  private SchemaWriter() {}

  /**
   * Writes the DDL of the request's source for its dialect.
   *
   * @throws FerryException {@link ErrorCode#USAGE} for an unknown dialect, {@link
   *     ErrorCode#INPUT} for a directory that is not new, empty or an earlier schema output, an
   *     unknown type, or names no file can hold; nothing is written then
   */
  public static SchemaResult write(SchemaRequest request) {
    return write(request, (c, d, catalog, casts) -> List.of());
  }

  /**
   * Measures the source's values against the columns cast rules change, before anything is
   * written: the copy's measuring, which the facade wires in (this layer cannot call it).
   */
  @FunctionalInterface
  public interface CastCheck {
    /** Every value problem, one sentence each; empty when the values fit. */
    List<String> problems(Connection source, Dialect dialect, Catalog catalog, Casts casts)
        throws SQLException;
  }

  /**
   * Writes the DDL of the request's source, its cast rules applied and checked by {@code check}.
   *
   * @throws FerryException as {@link #write(SchemaRequest)}; {@link ErrorCode#CONFIGURATION}
   *     for a rule naming what the source does not hold; {@link ErrorCode#REFUSED} for a rule
   *     whose type does not hold the source's values (nothing written)
   */
  public static SchemaResult write(SchemaRequest request, CastCheck check) {
    TargetDialect target = TargetDialect.of(request.dialect());
    checkDirectory(request.outDir());
    ConnectionSpec spec = request.endpoint();
    Dialect dialect = Dialects.forUrl(spec.url());
    Catalog catalog;
    Map<TableName, Map<String, List<String>>> labels;
    Casts casts;
    Map<TableName, Map<String, String>> unwritten;
    try (Connection connection = Connections.open(spec, dialect, true)) {
      CatalogReader reader = new CatalogReader(connection, dialect);
      catalog = reader.withIndexes(reader.read(request.schemas(), request.filter()));
      labels = catalog.enumLabels();
      unwritten = dialect.unwrittenClauses(connection, catalog.tables().stream()
          .map(Table::name).toList());
      casts = Casts.of(request.casts(), catalog, target.name());
      List<String> problems = check.problems(connection, dialect, catalog, casts);
      if (!problems.isEmpty()) {
        throw new FerryException(ErrorCode.REFUSED, "refused before writing anything: the"
            + " cast rules give types that do not hold the source's values:\n  - "
            + String.join("\n  - ", problems));
      }
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "reading the catalog of " + spec.describe()
          + " failed: " + spec.redact(e.getMessage()), e);
    }
    return write(catalog, labels, target, request.outDir(), spec.describe(), casts,
        unwrittenNotes(unwritten, target), Map.of());
  }

  /** A note per clause the catalog does not carry, in table and column order. */
  static List<String> unwrittenNotes(Map<TableName, Map<String, String>> unwritten,
      TargetDialect target) {
    List<String> notes = new ArrayList<>();
    new TreeMap<>(unwritten).forEach((table, columns) -> new TreeMap<>(columns).forEach(
        (column, clause) -> notes.add(table.name() + "." + column + ": " + clause + " left out"
            + " (ferry's catalog does not carry it; " + target.name() + " gets the column"
            + " without it): set the column in the application, or add a trigger")));
    return notes;
  }

  /** Writes the DDL of a catalog already read (the tests' way in). */
  static SchemaResult write(Catalog catalog, Map<TableName, Map<String, List<String>>> labels,
      TargetDialect target, Path dir, String source) {
    return write(catalog, labels, target, dir, source, Casts.NONE, List.of(), Map.of());
  }

  /**
   * The same, with the cast rules' types, more notes, and more files (by name, written before the
   * manifest, which lists them).
   */
  static SchemaResult write(Catalog catalog, Map<TableName, Map<String, List<String>>> labels,
      TargetDialect target, Path dir, String source, Casts casts, List<String> moreNotes,
      Map<String, String> more) {
    checkDirectory(dir);
    DdlWriter.Ddl written = ddl(catalog, labels, target, casts);
    List<String> all = new ArrayList<>(written.notes());
    all.addAll(moreNotes);
    DdlWriter.Ddl ddl = new DdlWriter.Ddl(written.tables(), written.constraints(), List.copyOf(all),
        written.tableCount(), written.foreignKeyCount(), written.statements());
    StringBuilder notes = new StringBuilder("ferry schema: decisions that lost something, "
        + target.name() + " from " + catalog.engine() + "\n\n");
    ddl.notes().forEach(n -> notes.append(n).append('\n'));
    if (ddl.notes().isEmpty()) {
      notes.append("none: every column, key and reference is written as the source has it\n");
    }
    Map<String, String> contents = new LinkedHashMap<>();
    contents.put(FILES.get(0), ddl.tables());
    contents.put(FILES.get(1), ddl.constraints());
    contents.put(FILES.get(2), notes.toString());
    contents.putAll(new TreeMap<>(more));
    if (!more.containsKey(TighteningReport.FILE)) {
      deleteStale(dir.resolve(TighteningReport.FILE));
    }
    List<SchemaManifest.FileEntry> entries = new ArrayList<>();
    contents.forEach((file, text) -> {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      writeFile(dir.resolve(file), bytes);
      entries.add(new SchemaManifest.FileEntry(file, bytes.length, sha256(bytes)));
    });
    Json.write(dir.resolve(FILES.get(3)), new SchemaManifest(SchemaManifest.FORMAT_VERSION,
        SchemaManifest.KIND, target.name(), catalog.engine(), catalog.fingerprint(), "name",
        entries, ddl.notes().size()));
    return new SchemaResult(source, target.name(), dir, ddl.tableCount(), ddl.foreignKeyCount(),
        more.isEmpty() ? FILES
            : Stream.concat(contents.keySet().stream(), Stream.of(FILES.get(3))).toList(),
        ddl.notes());
  }

  /**
   * The DDL of a catalog for a dialect: what the files hold, and the same as statements. The
   * one path from a catalog to DDL, for {@code ferry schema} and {@code copy --create-schema}.
   *
   * @throws FerryException {@link ErrorCode#INPUT} for an unknown type or a name no file can
   *     hold
   */
  static DdlWriter.Ddl ddl(Catalog catalog, Map<TableName, Map<String, List<String>>> labels,
      TargetDialect target) {
    return ddl(catalog, labels, target, Casts.NONE);
  }

  /** The DDL with the cast rules of {@code ferry.yaml} applied (they win over the tables). */
  static DdlWriter.Ddl ddl(Catalog catalog, Map<TableName, Map<String, List<String>>> labels,
      TargetDialect target, Casts casts) {
    return ddl(catalog, labels, target, casts, (t, u) -> false);
  }

  /**
   * The DDL, keeping in {@code CREATE TABLE} the unique keys {@code keep} names (those the load
   * relies on) besides a keyless table's own; the others are created after the load.
   */
  static DdlWriter.Ddl ddl(Catalog catalog, Map<TableName, Map<String, List<String>>> labels,
      TargetDialect target, Casts casts,
      java.util.function.BiPredicate<Table, dev.ferry.catalog.UniqueKey> keep) {
    checkNames(catalog);
    catalog = casts.zeroDatesNullable(catalog);
    Map<TableName, Map<String, SourceType>> types = resolve(catalog, labels, casts);
    String header = "-- ferry schema: " + target.name() + " DDL for the tables of a "
        + catalog.engine() + " catalog (" + catalog.fingerprint() + "), tables by name\n";
    return new DdlWriter(catalog, types, target, Dialects.byId(target.engine()), keep)
        .write(header);
  }

  /** Every column's type, or a refusal naming each column no table knows. */
  private static Map<TableName, Map<String, SourceType>> resolve(Catalog catalog,
      Map<TableName, Map<String, List<String>>> labels, Casts casts) {
    Map<TableName, Map<String, SourceType>> types = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    String rule = null;
    for (Table table : catalog.tables()) {
      Map<String, SourceType> byColumn = new HashMap<>();
      for (Column c : table.columns()) {
        var cast = casts.typeRule(table, c);
        SourceType st = cast != null ? casts.sourceType(cast, c) : SourceTypes.resolve(
            catalog.engine(), c, labels.getOrDefault(table.name(), Map.of())
                .getOrDefault(c.name(), List.of()));
        if (cast != null) {
          st = new SourceType(st.type(), st.size(), st.scale(), st.labels(), st.declared()
              + ColumnDdl.CAST + cast.location() + ")");
        } else if (st == null) {
          unknown.add(table.name() + "." + c.name() + " (" + c.type() + ")");
          rule = rule != null ? rule : "\n  - type: " + c.type().strip().replace(":", "")
              .toLowerCase(Locale.ROOT) + "\n    table: " + table.name().name()
              + "\n    column: " + c.name() + "\n    to: text";
        }
        byColumn.put(c.name(), st);
      }
      types.put(table.name(), byColumn);
    }
    if (!unknown.isEmpty()) {
      throw new FerryException(ErrorCode.INPUT, "ferry schema does not know how to write the "
          + catalog.engine() + " type of " + String.join(", ", unknown) + " for another engine."
          + " Nothing was written. Add a cast rule to ferry.yaml naming the type to write (one of "
          + String.join(", ", dev.ferry.api.CastRule.TYPES) + "), e.g.\ncasts:" + rule
          + "\nor leave the table out (--exclude); docs/schema.md lists the types ferry maps.");
    }
    return types;
  }

  /** Refuses names no file can hold, and two selected tables of one name (files are unqualified). */
  private static void checkNames(Catalog catalog) {
    Map<String, TableName> seen = new TreeMap<>();
    for (Table t : catalog.tables()) {
      TableName other = seen.put(t.name().name().toLowerCase(Locale.ROOT), t.name());
      if (other != null) {
        throw new FerryException(ErrorCode.INPUT, "the tables " + other + " and " + t.name()
            + " would be the same table in the target (ferry schema writes tables without their"
            + " schema). Nothing was written. Select one schema with --schema, or leave one out"
            + " with --exclude.");
      }
      List<String> names = new ArrayList<>(List.of(t.name().name()));
      t.columns().forEach(c -> names.add(c.name()));
      t.foreignKeys().stream().map(ForeignKey::name).forEach(names::add);
      t.uniqueKeys().forEach(u -> names.add(u.name()));
      t.indexes().forEach(i -> names.add(i.name()));
      for (String name : names) {
        if (name != null && name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
          throw new FerryException(ErrorCode.INPUT, "the name '" + name.replaceAll("\\p{Cntrl}",
              "?") + "' in " + t.name() + " holds a line break or another control character,"
              + " which ferry does not write into SQL files. Nothing was written. Rename it or"
              + " leave its table out.");
        }
      }
    }
  }

  /** Refuses a path that is a file, or a directory with anything but an earlier schema output. */
  static void checkDirectory(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new FerryException(ErrorCode.INPUT, dir + " is a file: --out names the directory for"
          + " the schema. Choose a new or empty directory.");
    }
    if (!Files.isDirectory(dir)) {
      return;
    }
    boolean earlier = isSchemaManifest(dir.resolve(FILES.get(3)));
    List<String> foreign;
    try (Stream<Path> list = Files.list(dir)) {
      foreign = list.map(p -> p.getFileName().toString())
          .filter(n -> !earlier || !FILES.contains(n) && !n.equals(TighteningReport.FILE)
              && !n.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot read " + dir + ": "
          + FileFailure.reason(e) + ". Check the path and its permissions.", e);
    }
    if (!foreign.isEmpty()) {
      throw new FerryException(ErrorCode.INPUT, dir + " holds files that are not an earlier"
          + " ferry schema output (" + String.join(", ", foreign.stream().limit(5).toList())
          + (foreign.size() > 5 ? ", ..." : "") + "): ferry writes a schema only into a new or"
          + " empty directory, or over its own earlier schema (with its manifest.json)."
          + " Nothing was written. Choose another directory.");
    }
  }

  private static boolean isSchemaManifest(Path manifest) {
    try {
      return Files.isRegularFile(manifest) && SchemaManifest.KIND.equals(Json.mapper()
          .readTree(manifest.toFile()).path("kind").asText());
    } catch (IOException e) {
      return false;
    }
  }

  /** An earlier run's decisions, which a run without --tighten must not leave beside its DDL. */
  private static void deleteStale(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot delete " + file + ": "
          + FileFailure.reason(e) + ". Check that the directory is writable.", e);
    }
  }

  private static void writeFile(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot write " + file + ": "
          + FileFailure.reason(e) + ". Check that the directory is writable.", e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}

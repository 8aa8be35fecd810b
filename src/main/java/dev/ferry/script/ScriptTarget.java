package dev.ferry.script;

import dev.ferry.api.FerryVersion;
import dev.ferry.api.MergeMode;
import dev.ferry.api.ScriptFormat;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.json.Json;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import dev.ferry.rows.TargetWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a run as numbered SQL files in a directory, the third writer behind the pipeline (after
 * the database and the bundle): one file per table in load order (more for a large table), cycle
 * fix-ups as UPDATE files after the loads, the identity moves last, and {@code manifest.json}
 * with every file's SHA-256. The values arrive transformed (a user map applied), so the scripts
 * are ready for the target environment. The manifest is the state: a run always writes every file
 * again (the output is deterministic, so a rerun after a crash gives the same bytes).
 */
public final class ScriptTarget implements TargetWriter {

  /** The manifest's file name. */
  public static final String MANIFEST = "manifest.json";

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Pattern OURS = Pattern.compile("\\d{4,}-.*\\.sql(\\.part)?");

  private final Path dir;
  private final String sourceEngine;
  private final ScriptFormat format;
  private final ScriptDialect dialect;
  private final TableNaming naming;
  private final List<String> units;
  private final Catalog catalog;
  private final LoadOrder order;
  private final Map<TableName, List<String>> identityResets;
  private final Map<String, MergeMode> merges;
  private final Map<String, Integer> versions;
  private final int width;
  private final Map<String, BigInteger> highest = new HashMap<>();
  private final List<ScriptManifest.FileEntry> files = new ArrayList<>();
  private final Set<String> notes = new TreeSet<>();
  private RunHeader run;
  private GroupWriter group;

  /**
   * @param dir the output directory; created if missing
   * @param format dialect and how files are cut
   * @param catalog the source catalog: its engine's schemas are kept only when both engines have
   *     schemas (and no target schema is given); its foreign keys are relaxed and restored
   * @param order the load order the plan was made with (which keys are deferred or relaxed)
   * @param units the plan's units in step order: they number the files
   * @param identityResets per table, identity or sequence columns: their tables take explicit
   *     identity values, and the last file moves them past the loaded keys
   * @param merges per unit, the merge mode its rows are written under as upserts; a unit not
   *     named is written as plain INSERTs
   * @param versions per unit under {@code newer-wins}, its version column's position in its rows
   */
  public ScriptTarget(Path dir, ScriptFormat format, Catalog catalog, LoadOrder order,
      List<String> units, Map<TableName, List<String>> identityResets,
      Map<String, MergeMode> merges, Map<String, Integer> versions) {
    this.dir = dir;
    this.sourceEngine = catalog.engine();
    this.format = format;
    this.dialect = ScriptDialect.of(format.dialect());
    this.naming = TableNaming.of(dialect, catalog.engine(), format.targetSchema());
    this.catalog = catalog;
    this.order = order;
    this.units = List.copyOf(units);
    this.identityResets = new TreeMap<>(identityResets);
    this.merges = Map.copyOf(merges);
    this.versions = Map.copyOf(versions);
    this.width = Math.max(4, String.valueOf(units.size() + 1).length());
  }

  @Override
  public String describe() {
    return format.dialect() + " scripts " + dir;
  }

  @Override
  public Optional<String> unfinishedRun(String planFingerprint) {
    return Optional.empty();
  }

  @Override
  public Optional<String> planOf(String runId) {
    return Optional.empty();
  }

  @Override
  public Map<String, Checkpoint> checkpoints(String runId) {
    return Map.of();
  }

  @Override
  public void verifyDone(TablePlan table, Checkpoint checkpoint) {
    // scripts are always written whole
  }

  /**
   * Everything that can refuse the run, checked before anything is written (not even the
   * directory is created): the directory must be new, empty or hold earlier ferry scripts, and
   * every table and column name must be one a script can write (else bad input, thrown); every
   * value must be one the dialect can hold (else the problems are returned, and the run refused).
   *
   * @param tables the plan's tables in step order
   * @param source the source, read once more for tables whose values the dialect may refuse;
   *     null to leave the values unread (the run is refused for other reasons)
   * @param chunkSize rows per read
   * @throws FerryException {@link ErrorCode#INPUT} for a directory or a name scripts cannot use
   */
  @Override
  public List<String> preflight(List<TablePlan> tables, SourceReader source, int chunkSize) {
    checkDirectory();
    SqlLiterals q = dialect.literals();
    for (TablePlan table : tables) {
      name(table.target());
      table.columns().forEach(c -> q.identifier(c.targetName()));
    }
    relaxedKeys(tables.stream().map(TablePlan::source).distinct().toList());
    return source == null ? List.of()
        : ValueScan.problems(dialect, sourceEngine, tables, source, chunkSize);
  }

  /** Prepares the directory: clears an earlier script run's files. */
  @Override
  public synchronized void beginRun(RunHeader header) {
    checkDirectory();
    try {
      Files.createDirectories(dir);
      try (Stream<Path> list = Files.list(dir)) {
        for (Path p : list.toList()) {
          if (OURS.matcher(p.getFileName().toString()).matches()) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot prepare " + dir + ": "
          + FileFailure.reason(e) + ". Check the path and its permissions.", e);
    }
    this.run = header;
    writeManifest(ScriptManifest.IN_PROGRESS);
  }

  /** Refuses a directory that is not new, empty or ferry's own; changes nothing. */
  private void checkDirectory() {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new FerryException(ErrorCode.INPUT, dir + " is a file: --out names the directory"
          + " for the scripts. Choose a new or empty directory.");
    }
    if (!Files.isDirectory(dir)) {
      return;
    }
    boolean earlier = Files.exists(dir.resolve(MANIFEST));
    List<String> foreign;
    try (Stream<Path> list = Files.list(dir)) {
      foreign = list.map(p -> p.getFileName().toString())
          .filter(n -> !earlier || !n.equals(MANIFEST) && !OURS.matcher(n).matches()
              && !n.startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot read " + dir + ": "
          + FileFailure.reason(e) + ". Check the path and its permissions.", e);
    }
    if (!foreign.isEmpty()) {
      throw new FerryException(ErrorCode.INPUT, dir + " holds files that are not ferry"
          + " scripts of an earlier run (" + String.join(", ", foreign.stream().limit(5).toList())
          + (foreign.size() > 5 ? ", ..." : "") + "): ferry writes scripts only into a new or"
          + " empty directory, or over its own earlier scripts (with their manifest.json)."
          + " Nothing was written. Choose another directory.");
    }
  }

  @Override
  public synchronized TableWriter open(TablePlan table, Checkpoint from) {
    if (run == null) {
      throw new IllegalStateException("beginRun first");
    }
    if (group != null && group.holds(table)) {
      return group.open(table);
    }
    int index = units.indexOf(table.unit());
    if (index < 0) {
      throw new FerryException(ErrorCode.UNEXPECTED, "unit " + table.unit() + " is not in the"
          + " plan the scripts are numbered by");
    }
    String base = number(index + 1) + "-" + (table.isFixup() ? "fixup-" : "")
        + safe(table.target().qualified() + (table.isFixup()
            ? "." + String.join(".", table.updateColumns()) : ""));
    RelaxedKeys own = table.isFixup() ? null : relaxedKeys(List.of(table.source()));
    if (own != null && (own.any() || own.deferred())) {
      // a NOT NULL self-reference: rows may point at later rows, so the table loads whole in
      // one transaction, its key relaxed or deferred until the commit
      return new OwnTransaction(new GroupWriter(this, List.of(table), base, own), table);
    }
    return new ScriptTableWriter(this, table, base, null);
  }

  @Override
  public synchronized void beginGroup(List<TablePlan> tables) {
    int index = units.indexOf(tables.get(0).unit());
    group = new GroupWriter(this, tables, number(index + 1) + "-group-"
        + safe(tables.get(0).target().qualified()),
        relaxedKeys(tables.stream().map(TablePlan::source).toList()));
  }

  @Override
  public synchronized void endGroup() {
    group.commit();
    group = null;
  }

  /** On {@code done}: writes the identity moves and marks the manifest complete. */
  @Override
  public synchronized void endRun(RunHeader header, String status) {
    if (run == null) {
      // the directory was never prepared: nothing of this run is there to describe
      return;
    }
    if ("done".equals(status)) {
      writeResets();
      writeManifest(ScriptManifest.COMPLETE);
    } else {
      writeManifest(ScriptManifest.IN_PROGRESS);
    }
  }

  @Override
  public void close() {
    // each file is sealed or discarded by its writer
  }

  // ---- for the writers ----

  ScriptDialect dialect() {
    return dialect;
  }

  ScriptFormat format() {
    return format;
  }

  Path dir() {
    return dir;
  }

  /** The table as the scripts name it. */
  String name(TableName table) {
    return naming.quoted(table);
  }

  /** The keys of these tables to relax or defer, and the statements (which check the names). */
  RelaxedKeys relaxedKeys(List<TableName> tables) {
    return RelaxedKeys.of(dialect, naming, catalog, order, tables);
  }

  /** Records what the operator should know about a file. */
  synchronized void note(String note) {
    notes.add(note);
  }

  /** The position of a {@code newer-wins} unit's version column in its rows; -1 for others. */
  int version(String unit) {
    return versions.getOrDefault(unit, -1);
  }

  /** The merge mode a unit's rows are written under; null for plain INSERTs. */
  MergeMode merge(String unit) {
    return merges.get(unit);
  }

  /** Identity or sequence columns of a table (its files let explicit values in). */
  List<String> identityColumns(TableName table) {
    return identityResets.getOrDefault(table, List.of());
  }

  /** Remembers the highest value loaded into an identity column (MySQL needs it as a number). */
  synchronized void observe(TableName table, Object value) {
    BigInteger v = value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value)
        .longValue());
    highest.merge(table.qualified(), v, BigInteger::max);
  }

  synchronized void finished(ScriptManifest.FileEntry entry) {
    files.add(entry);
  }

  String header(String what) {
    return "ferry " + what + " (" + dialect.name() + "); run with: " + dialect.runHint();
  }

  private void writeResets() {
    if (identityResets.isEmpty()) {
      return;
    }
    String base = number(units.size() + 1) + "-identities";
    ScriptFile file = new ScriptFile(dir.resolve(base + ".sql.part"), dialect.separator());
    try {
      file.comment(header("identity moves, after every other file"));
      dialect.preamble().forEach(file::statement);
      SqlLiterals q = dialect.literals();
      long statements = 0;
      for (Map.Entry<TableName, List<String>> e : identityResets.entrySet()) {
        String table = name(e.getKey());
        BigInteger max = highest.get(e.getKey().qualified());
        if (dialect.resetNeedsMax() && max == null) {
          continue;
        }
        List<String> columns = dialect.resetPerTable() ? e.getValue().subList(0, 1) : e.getValue();
        for (String column : columns) {
          file.statement(String.format(dialect.reset(), q.string(table), q.string(column),
              q.identifier(column), table, max == null ? "" : max.add(BigInteger.ONE)), true);
          statements++;
        }
      }
      ScriptFile.Sealed sealed = file.seal(dir.resolve(base + ".sql"));
      files.add(new ScriptManifest.FileEntry(base + ".sql", List.copyOf(identityResets.keySet()
          .stream().map(TableName::qualified).toList()), "identity-reset", 0, statements,
          sealed.bytes(), sealed.sha256()));
    } finally {
      file.close();
    }
  }

  private void writeManifest(String status) {
    List<ScriptManifest.FileEntry> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(ScriptManifest.FileEntry::file));
    ScriptManifest manifest = new ScriptManifest(ScriptManifest.FORMAT_VERSION, "inserts",
        FerryVersion.current(), status, dialect.name(), run.source(), run.planFingerprint(),
        new TreeMap<>(run.transformations()), new ScriptManifest.Format(format.rowsPerInsert(),
            format.rowsPerFile(), format.transactionPerFile() ? "file" : "batch",
            format.transactionPerFile() ? null : format.rowsPerTransaction(),
            format.targetSchema()), dialect.runHint(), sorted, List.copyOf(notes));
    Json.write(dir.resolve(MANIFEST), manifest);
  }

  private String number(int n) {
    String digits = String.valueOf(n);
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  private static String safe(String name) {
    String s = UNSAFE.matcher(name).replaceAll("_");
    return s.length() > 100 ? s.substring(0, 100) : s;
  }

  /** A table that loads whole in a transaction of its own, in one file. */
  private static final class OwnTransaction implements TableWriter {
    private final GroupWriter group;
    private final TableWriter rows;

    OwnTransaction(GroupWriter group, TablePlan table) {
      this.group = group;
      this.rows = group.open(table);
    }

    @Override
    public void write(dev.ferry.rows.Chunk chunk) {
      rows.write(chunk);
    }

    @Override
    public void finish() {
      rows.finish();
      group.commit();
    }

    @Override
    public void close() {
      rows.close();
      group.close();
    }
  }
}

package dev.ferry.bundle;

import dev.ferry.api.FerryVersion;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.json.Json;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import dev.ferry.rows.TargetWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run into a bundle directory: one data file per table, then {@code manifest.json}
 * rewritten atomically each time a table is finished, so the manifest is the run's state and a
 * killed export resumes from it. Tables resume whole: a table that was not finished is written
 * again from its first row. {@link #open} may be called from several threads for different
 * tables.
 *
 * <p>The directory must be new, empty, or hold a bundle: a new run over an existing bundle
 * replaces it; a directory holding other files is refused.
 */
public final class BundleTarget implements TargetWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BundleTarget.class);

  private final Path dir;
  private final boolean gzip;

  // the run being written, guarded by this
  private Manifest manifest;
  private RunLog runLog;
  private Map<TableName, Integer> numbers = Map.of();
  private int width;

  /**
   * @param dir the bundle directory; created by {@link #beginRun} if missing
   * @param gzip true to gzip-compress the data files ({@code .jsonl.gz})
   */
  public BundleTarget(Path dir, boolean gzip) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.gzip = gzip;
  }

  /** The bundle directory. */
  public Path directory() {
    return dir;
  }

  @Override
  public String describe() {
    return "bundle " + dir;
  }

  /** The manifest as it is on disk, if the directory holds one. */
  public Optional<Manifest> manifest() {
    return Manifests.read(dir);
  }

  @Override
  public Optional<String> unfinishedRun(String planFingerprint) {
    return manifest()
        .filter(m -> !m.complete() && m.runId() != null
            && m.planFingerprint().equals(planFingerprint))
        .map(Manifest::runId);
  }

  @Override
  public String completeResult() {
    return manifest().filter(Manifest::complete)
        .map(m -> describe() + " is complete (exported from " + m.source() + ")").orElse(null);
  }

  @Override
  public Optional<String> planOf(String runId) {
    Optional<Manifest> current = manifest();
    if (current.isPresent() && runId.equals(current.get().runId())) {
      return Optional.of(current.get().planFingerprint());
    }
    // a complete manifest drops the run id; run.json still names the run that wrote it
    return current.flatMap(m -> Manifests.readRunLog(dir))
        .filter(log -> runId.equals(log.runId()))
        .map(RunLog::planFingerprint);
  }

  /**
   * Every table finished by that run, {@code done}; the rest are absent and start from their first
   * row. Units are the tables' qualified source names ({@link TablePlan#source()}).
   */
  /** A finished table is kept only while its file is still there at its recorded size. */
  @Override
  public synchronized void verifyDone(TablePlan table, Checkpoint checkpoint) {
    Manifest.TableFile file = manifest == null ? null
        : manifest.table(table.source()).orElse(null);
    Path path = file == null ? null : dir.resolve(file.file());
    try {
      if (path != null && Files.size(path) == file.bytes()) {
        return;
      }
    } catch (java.io.IOException e) {
      // reported below as missing
    }
    throw new dev.ferry.error.FerryException(dev.ferry.error.ErrorCode.REFUSED, "cannot resume the"
        + " export into " + dir + ": the finished file of " + table.source() + " is missing or"
        + " changed. Start a new export into an empty directory.");
  }

  @Override
  public Map<String, Checkpoint> checkpoints(String runId) {
    Optional<Manifest> current = manifest();
    if (current.isEmpty() || planOf(runId).isEmpty()) {
      return Map.of();
    }
    Map<String, Checkpoint> done = new LinkedHashMap<>();
    for (Manifest.TableFile file : current.get().tables()) {
      String unit = file.table().qualified();
      done.put(unit, new Checkpoint(unit, null, file.rows(), 0, true));
    }
    return done;
  }

  /**
   * Starts a run, or resumes it when the directory holds this run unfinished: finished tables are
   * kept (if their files are still there at their size), everything else is cleared.
   *
   * @throws FerryException {@code INPUT} when the directory holds files but no bundle; {@code
   *     REFUSED} when resuming with another plan; {@code USAGE} when resuming with another gzip
   *     setting
   */
  @Override
  public synchronized void beginRun(RunHeader run) {
    Objects.requireNonNull(run.catalog(), "a bundle records the catalog: RunHeader.catalog");
    Objects.requireNonNull(run.loadOrder(), "a bundle numbers files by RunHeader.loadOrder");
    createDirectory();
    Optional<Manifest> old = manifest();
    if (old.isEmpty()) {
      refuseForeignFiles();
    }
    boolean resume = old.filter(m -> !m.complete() && run.runId().equals(m.runId())).isPresent();
    List<Manifest.TableFile> kept = List.of();
    if (resume) {
      checkResumable(old.get(), run);
      kept = intact(old.get().tables());
    }
    numbers = new HashMap<>();
    List<TableName> order = run.loadOrder().order();
    for (int i = 0; i < order.size(); i++) {
      numbers.put(order.get(i), i + 1);
    }
    width = Math.max(4, String.valueOf(order.size()).length());
    manifest = new Manifest(Manifest.FORMAT_VERSION, FerryVersion.current(),
        Manifest.IN_PROGRESS, run.runId(), run.planFingerprint(), run.source(), gzip,
        run.transformations(), kept, run.loadOrder(), run.catalog());
    Json.write(dir.resolve(DataFiles.MANIFEST), manifest);
    // only now that no manifest claims them complete: a crash here leaves an in-progress bundle
    clearExcept(kept);
    String now = Instant.now().toString();
    String startedAt = resume
        ? Manifests.readRunLog(dir).filter(l -> run.runId().equals(l.runId()))
            .map(RunLog::startedAt).orElse(now)
        : now;
    runLog = new RunLog(run.runId(), run.planFingerprint(), RunLog.RUNNING, startedAt, now);
    Json.write(dir.resolve(DataFiles.RUN), runLog);
    LOG.info("[{}] {} {}: {} of {} tables already written", run.runId(),
        resume ? "resuming" : "starting", describe(), kept.size(), order.size());
  }

  /**
   * Opens a table's data file. The file is written under a temporary name and takes its place
   * only at {@link TableWriter#finish()}; until then the manifest does not list it.
   *
   * @param from null, or a {@code done} checkpoint (the table is written again); a bundle never
   *     hands out a mid-table checkpoint, so one with a key is refused
   */
  @Override
  public TableWriter open(TablePlan table, Checkpoint from) {
    if (from != null && !from.done() && from.lastKey() != null) {
      throw new FerryException(ErrorCode.UNEXPECTED, "a bundle writes " + table.source()
          + " whole, from its first row, but was asked to continue after a key; open it without"
          + " a checkpoint");
    }
    Integer number;
    String runId;
    synchronized (this) {
      runId = requireRun().runId();
      number = numbers.get(table.source());
    }
    if (number == null) {
      throw new FerryException(ErrorCode.UNEXPECTED, "table " + table.source()
          + " is not in the load order of run " + runId
          + "; a bundle numbers its files by that order");
    }
    String file = DataFiles.fileName(number, width, table.source(), gzip);
    LOG.debug("[{}] {}: writing {}", runId, table.source(), file);
    return new BundleTableWriter(this, table, dir.resolve(file));
  }

  /**
   * Ends the run. {@code done} marks the bundle complete (and drops the run id from the manifest);
   * any other status leaves it {@code in-progress}, so the run can be resumed.
   *
   * @throws FerryException {@code UNEXPECTED} when {@code done} is claimed while a table the
   *     bundle must hold has no finished file
   */
  @Override
  public synchronized void endRun(RunHeader run, String status) {
    Manifest current = requireRun();
    if ("done".equals(status)) {
      List<TableName> missing = current.expectedTables().stream()
          .filter(t -> current.table(t).isEmpty())
          .toList();
      if (!missing.isEmpty()) {
        throw new FerryException(ErrorCode.UNEXPECTED, "run " + current.runId()
            + " cannot mark " + describe() + " complete: " + missing.size()
            + " table(s) have no finished data file: " + missing
            + ". Resume the run to write them.");
      }
      manifest = new Manifest(current.formatVersion(), current.ferryVersion(), Manifest.COMPLETE,
          null, current.planFingerprint(), current.source(), current.gzip(),
          current.transformations(), current.tables(), current.loadOrder(), current.catalog());
      Json.write(dir.resolve(DataFiles.MANIFEST), manifest);
    }
    runLog = new RunLog(runLog.runId(), runLog.planFingerprint(), status, runLog.startedAt(),
        Instant.now().toString());
    Json.write(dir.resolve(DataFiles.RUN), runLog);
  }

  @Override
  public void close() {
    // every file is sealed or discarded by its own TableWriter
  }

  /** Records a finished data file: the manifest now lists it. */
  synchronized void finished(Manifest.TableFile file) {
    Manifest current = requireRun();
    List<Manifest.TableFile> tables = new ArrayList<>();
    for (Manifest.TableFile t : current.tables()) {
      if (!t.table().equals(file.table()) && !t.file().equals(file.file())) {
        tables.add(t);
      }
    }
    tables.add(file);
    tables.sort(Comparator.comparing(Manifest.TableFile::file));
    manifest = new Manifest(current.formatVersion(), current.ferryVersion(), current.status(),
        current.runId(), current.planFingerprint(), current.source(), current.gzip(),
        current.transformations(), tables, current.loadOrder(), current.catalog());
    Json.write(dir.resolve(DataFiles.MANIFEST), manifest);
  }

  private Manifest requireRun() {
    if (manifest == null || !Manifest.IN_PROGRESS.equals(manifest.status())) {
      throw new IllegalStateException("no run in progress on " + describe()
          + ": call beginRun first");
    }
    return manifest;
  }

  private void checkResumable(Manifest old, RunHeader run) {
    if (!old.planFingerprint().equals(run.planFingerprint())) {
      throw new FerryException(ErrorCode.REFUSED, "run " + run.runId() + " in " + describe()
          + " was started with plan " + old.planFingerprint() + ", not "
          + run.planFingerprint() + ". Resume it with the same options, or start a new run.");
    }
    if (old.gzip() != gzip) {
      throw new FerryException(ErrorCode.USAGE, "run " + run.runId() + " in " + describe()
          + " was started " + (old.gzip() ? "with" : "without") + " gzip; resume it "
          + (old.gzip() ? "with" : "without") + " gzip too.");
    }
  }

  /** Finished files that are still there at their recorded size. */
  private List<Manifest.TableFile> intact(List<Manifest.TableFile> tables) {
    List<Manifest.TableFile> kept = new ArrayList<>();
    for (Manifest.TableFile t : tables) {
      Path file = dir.resolve(t.file());
      try {
        if (DataFiles.isDataFileName(t.file()) && Files.size(file) == t.bytes()) {
          kept.add(t);
          continue;
        }
      } catch (IOException e) {
        // missing or unreadable: written again below
      }
      LOG.warn("{}: {} is missing or changed since it was finished; writing it again", t.table(),
          file);
    }
    return kept;
  }

  /** Removes data files not kept and whatever a killed run left behind. */
  private void clearExcept(List<Manifest.TableFile> kept) {
    List<String> keep = kept.stream().map(Manifest.TableFile::file).toList();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        boolean stale = DataFiles.isDataFileName(name) && !keep.contains(name);
        if ((stale || DataFiles.isLeftover(name)) && Files.isRegularFile(p)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot clear old files from " + dir + ": "
          + FileFailure.reason(e) + ". Check that the directory is writable.", e);
    }
  }

  private void refuseForeignFiles() {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> foreign = files.map(p -> p.getFileName().toString())
          .filter(n -> !DataFiles.isLeftover(n))
          .sorted()
          .toList();
      if (!foreign.isEmpty()) {
        String shown = String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
            + (foreign.size() > 5 ? ", ..." : "");
        throw new FerryException(ErrorCode.INPUT, dir + " holds " + foreign.size()
            + " file(s) but no " + DataFiles.MANIFEST + " (" + shown + "): ferry writes a bundle"
            + " only into a new or empty directory, or over an earlier bundle. Choose another"
            + " directory.");
      }
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot list " + dir + ": " + FileFailure.reason(e),
          e);
    }
  }

  private void createDirectory() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot create the bundle directory " + dir
          + ": " + FileFailure.reason(e) + ". Check the path and its permissions.", e);
    }
  }
}

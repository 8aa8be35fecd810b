package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.FileFate;
import dev.ferry.api.FileRule;
import dev.ferry.api.RunReport;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.files.DirectoryStore;
import dev.ferry.files.FileStore;
import dev.ferry.files.FileStores;
import dev.ferry.rows.AfterMerge;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A run's {@code files:} (docs/files.md): each entry bound to its table's plan and checked
 * before the first write (the table is copied, the columns exist, the source store opens and
 * reads, the target store is a writable directory), then, as the rows stream, the files copied
 * through each table's {@link FileCopier}, audited and counted.
 */
final class FileStage implements AutoCloseable {

  /** Files read, hashed and staged at once in a run, over all its tables. */
  static final int FILE_THREADS = 8;

  /** Nothing to do: no table has files. */
  static final FileStage NONE = new FileStage(List.of(), false);

  /** One entry bound to its table. */
  private record Bound(FileRule rule, TablePlan table, int path, int sha256, int size) {}

  /** An entry whose stores are open. */
  private record Ready(Bound bound, FileStore from, FileStore to) {}

  /** The run's files per fate, and the bytes written; shared by the tables' threads. */
  static final class Counts {
    private final Map<FileFate, AtomicLong> fates = new EnumMap<>(FileFate.class);
    private final AtomicLong bytes = new AtomicLong();

    Counts() {
      for (FileFate f : FileFate.values()) {
        fates.put(f, new AtomicLong());
      }
    }

    void add(FileFate fate, long written) {
      fates.get(fate).incrementAndGet();
      bytes.addAndGet(written);
    }

    long of(FileFate fate) {
      return fates.get(fate).get();
    }
  }

  private final List<FileRule> rules;
  private final boolean dryRun;
  private final List<Bound> bound = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final List<FileStore> opened = new ArrayList<>();
  private final List<Ready> ready = new ArrayList<>();
  private final Map<String, FileCopier> copiers = new HashMap<>();
  private final Counts counts = new Counts();
  /**
   * The run's file threads: reading, hashing and staging files waits on the disk as much as on
   * the CPU, so more of them than cores; each holds one buffer.
   */
  private ExecutorService threads;
  private FileAudit audit;

  private FileStage(List<FileRule> rules, boolean dryRun) {
    this.rules = rules;
    this.dryRun = dryRun;
  }

  /** Records each entry in the plan's fingerprint: a resume under other rules is refused. */
  static void fingerprint(CopyOptions options, Map<String, String> transformations) {
    for (FileRule rule : options.files()) {
      transformations.put("files:" + rule.table(), rule.fingerprint());
    }
  }

  /** Binds the entries to the plan's tables. */
  static FileStage of(CopyOptions options, List<TablePlan> tables) {
    if (options.files().isEmpty()) {
      return NONE;
    }
    FileStage stage = new FileStage(options.files(), options.dryRun());
    for (FileRule rule : options.files()) {
      TablePlan table = tables.stream().filter(t -> !t.isFixup() && rule.names(t.source()))
          .findFirst().orElse(null);
      if (table == null) {
        stage.problems.add(rule.where() + ": tables." + rule.table() + ".files: no table "
            + rule.table() + " is copied. Name a table of the source (check --include and"
            + " --exclude), or remove the entry.");
        continue;
      }
      boolean replaces = options.tableMerges().stream().anyMatch(m -> m.children() != null
          && m.children().replace() && rule.table().equalsIgnoreCase(m.table()));
      if (replaces) {
        stage.problems.add(rule.where() + ": tables." + rule.table() + ".files: a table under"
            + " children: replace cannot have files yet; copy its files in a run of its own");
      }
      int path = stage.column(rule, table, rule.column(), "column", true);
      int sha = stage.column(rule, table, rule.sha256Column(), "sha256", false);
      int size = stage.column(rule, table, rule.sizeColumn(), "size", false);
      stage.bound.add(new Bound(rule, table, path, sha, size));
    }
    return stage;
  }

  private int column(FileRule rule, TablePlan table, String name, String setting,
      boolean path) {
    if (name == null) {
      return -1;
    }
    List<CopyColumn> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      CopyColumn c = columns.get(i);
      if (c.name().equalsIgnoreCase(name)) {
        if (path && c.kind() != ValueKind.TEXT) {
          problems.add(rule.where() + ": tables." + rule.table() + ".files.column: "
              + table.source().qualified() + "." + c.name() + " is " + c.kind().name()
              .toLowerCase(java.util.Locale.ROOT) + ", not text: a file's path is text");
        }
        return i;
      }
    }
    problems.add(rule.where() + ": tables." + rule.table() + ".files." + setting + ": "
        + table.source().qualified() + " has no column '" + name + "'; its columns: "
        + String.join(", ", columns.stream().map(CopyColumn::name).toList()));
    return -1;
  }

  /**
   * What refuses the run, before its first write: the binding's problems, then each store
   * opened (the source read, an archive indexed) and the target checked to be a writable
   * directory.
   */
  List<String> problems() {
    if (bound.isEmpty()) {
      return problems;
    }
    Map<Path, FileStore> stores = new LinkedHashMap<>();
    for (Bound b : bound) {
      FileRule rule = b.rule();
      FileStore from = open(stores, rule.from(), rule.fromWhere(), rule, "from", false);
      FileStore to = open(stores, rule.to(), rule.toWhere(), rule, "to", true);
      if (from != null && to != null) {
        ready.add(new Ready(b, from, to));
      }
    }
    return problems;
  }

  private FileStore open(Map<Path, FileStore> stores, Path path, String where, FileRule rule,
      String setting, boolean target) {
    String what = where + ": tables." + rule.table() + ".files." + setting + ": ";
    String unwritable = target ? FileStores.unwritable(path, !dryRun) : null;
    if (unwritable != null) {
      problems.add(what + unwritable);
      return null;
    }
    FileStore store = stores.get(path);
    if (store != null) {
      return store;
    }
    try {
      store = FileStores.open(path);
    } catch (IOException e) {
      problems.add(what + "cannot open the " + (target ? "target" : "source") + " store "
          + path + ": " + FileFailure.reason(e) + ". Fix the path, or its permissions.");
      return null;
    }
    opened.add(store);
    stores.put(path, store);
    return store;
  }

  /**
   * Starts the files' part of a run: temporaries a killed attempt left in the target stores
   * are deleted, and the audit opened in the report directory.
   *
   * @param decidedByMerge the tables whose writer's merge decides which rows the target takes:
   *     their files wait for that decision ({@link FileCopier#chunkEnded})
   */
  void begin(Path reportDir, java.util.function.Predicate<TablePlan> decidedByMerge) {
    if (ready.isEmpty()) {
      return;
    }
    if (!dryRun) {
      for (FileStore store : opened) {
        try {
          if (store.writable() != null) {
            store.writable().sweepTemporaries();
          }
        } catch (IOException e) {
          throw new FerryException(ErrorCode.UNEXPECTED, "cannot clear the temporaries ("
              + DirectoryStore.TEMPORARY + ") of " + store.describe() + ": "
              + FileFailure.reason(e), e);
        }
      }
    }
    audit = new FileAudit(reportDir);
    threads = Executors.newFixedThreadPool(FILE_THREADS, r -> {
      Thread t = new Thread(r, "ferry-files");
      t.setDaemon(true);
      return t;
    });
    for (Ready r : ready) {
      Bound b = r.bound();
      copiers.put(b.table().unit(), new FileCopier(b.rule(), r.from(), r.to(), b.path(),
          b.sha256(), b.size(), dryRun, counts, audit, threads,
          decidedByMerge.test(b.table())));
    }
  }

  /**
   * The transformer that copies each row's file after {@code before} has rewritten the row, and
   * commits a chunk's files, durably, before the chunk goes to its writer.
   */
  RowTransformer after(RowTransformer before) {
    if (bound.isEmpty()) {
      return before;
    }
    return new RowTransformer() {
      @Override
      public Object[] transform(TablePlan table, Object[] row) {
        Object[] out = before.transform(table, row);
        FileCopier copier = table.isFixup() ? null : copiers.get(table.unit());
        return copier == null || out == null ? out : copier.handle(table, out);
      }

      @Override
      public AfterMerge chunkTransformed(TablePlan table, List<Object[]> rows) {
        AfterMerge earlier = before.chunkTransformed(table, rows);
        FileCopier copier = table.isFixup() ? null : copiers.get(table.unit());
        AfterMerge files = copier == null ? null : copier.chunkEnded(table, rows);
        return earlier == null ? files : files == null ? earlier : kept -> {
          earlier.decided(kept);
          files.decided(kept);
        };
      }
    };
  }

  /** The files' counts for the report; null when no table has files. */
  RunReport.Files report() {
    if (bound.isEmpty()) {
      return null;
    }
    Map<String, Long> fates = new LinkedHashMap<>();
    for (FileFate f : FileFate.values()) {
      fates.put(f.label(), counts.of(f));
    }
    return new RunReport.Files(fates, counts.bytes.get(), FileAudit.FILE);
  }

  /**
   * The problem a run whose files did not all arrive reports (exit 3), and a dry run whose files
   * would not; null when they did (would).
   */
  String unarrived() {
    long bad = counts.of(FileFate.MISMATCH) + counts.of(FileFate.MISSING)
        + counts.of(FileFate.REFUSED) + counts.of(FileFate.CONFLICT);
    return bad == 0 ? null : bad + (bad == 1 ? " file" : " files")
        + (dryRun ? " would not arrive (" : " did not arrive (")
        + counts.of(FileFate.MISMATCH) + " mismatch, " + counts.of(FileFate.MISSING)
        + " missing, " + counts.of(FileFate.REFUSED) + " refused, "
        + counts.of(FileFate.CONFLICT) + " conflict); each is named with its row in "
        + FileAudit.FILE;
  }

  @Override
  public void close() {
    if (threads != null) {
      threads.shutdownNow();
    }
    if (audit != null) {
      audit.close();
    }
    opened.forEach(FileStore::close);
  }
}

package dev.ferry.verify;

import dev.ferry.api.FileFate;
import dev.ferry.api.FileRule;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.files.DirectoryStore;
import dev.ferry.files.FileStore;
import dev.ferry.files.FileStores;
import dev.ferry.files.PathTemplate;
import dev.ferry.files.SourceFile;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.ReferenceText;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file rules of {@code verify} (docs/files.md): for each {@code files:} entry, every row whose
 * source file a copy would write (there, whole, as the row expects) has that file in the target
 * store, at the template's path, with the source's SHA-256 and size ({@code files}); and no file
 * in the part of the target store ferry writes is one no row references ({@code file-orphans},
 * {@link FileOrphans}). Rows whose source file a copy would not write (missing, not as the row
 * expects, refused) are not differences: the copy left them as the source has them, which the
 * {@code rows} rule proves; they are named in the notes. Paths are checked as copy checks them,
 * and no symbolic link is followed on either side. Memory: one chunk of rows, one buffer per
 * file.
 */
final class FileCheck implements AutoCloseable {

  /** One entry with its stores open. */
  private record Entry(FileRule rule, FileStore from, DirectoryStore to, PathTemplate template) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<FileStore> opened = new ArrayList<>();

  private FileCheck() {}

  /**
   * Opens every entry's stores, before anything is read.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} naming the entry's line when a store
   *     cannot be opened, or the target is no directory
   */
  static FileCheck open(List<FileRule> rules) {
    FileCheck check = new FileCheck();
    Map<Path, FileStore> stores = new LinkedHashMap<>();
    try {
      for (FileRule rule : rules) {
        FileStore from = check.store(stores, rule.from(), rule, rule.fromWhere(), "from");
        FileStore to = check.store(stores, rule.to(), rule, rule.toWhere(), "to");
        if (!(to instanceof DirectoryStore directory)) {
          throw new FerryException(ErrorCode.CONFIGURATION, rule.toWhere() + ": tables."
              + rule.table() + ".files.to: " + rule.to() + " is an archive; the target store"
              + " a copy writes is a directory. Give the directory the copy wrote to.");
        }
        check.entries.add(new Entry(rule, from, directory, PathTemplate.parse(rule.template())));
      }
    } catch (RuntimeException e) {
      check.close();
      throw e;
    }
    return check;
  }

  private FileStore store(Map<Path, FileStore> stores, Path path, FileRule rule, String where,
      String setting) {
    Path key = path.toAbsolutePath().normalize();
    FileStore store = stores.get(key);
    if (store == null) {
      try {
        store = FileStores.open(path);
      } catch (IOException e) {
        throw new FerryException(ErrorCode.CONFIGURATION, where + ": tables." + rule.table()
            + ".files." + setting + ": cannot open the store " + path + " (" + e.getClass()
                .getSimpleName() + ": " + e.getMessage() + "). Fix the path, or run verify"
            + " where the stores are.", e);
      }
      opened.add(store);
      stores.put(key, store);
    }
    return store;
  }

  /**
   * The compared table with its path column rewritten as the copy writes it; unchanged when no
   * entry names the table.
   */
  ComparedTable rewrite(ComparedTable table) {
    for (Entry e : entries) {
      if (e.rule().names(table.source().name())) {
        int path = position(table.names(), e.rule().column());
        if (path >= 0) {
          return table.withSourceRewrite(path, new FileReferences(e.from(), e.template(),
              position(table.names(), e.rule().sha256Column()),
              position(table.names(), e.rule().sizeColumn()), e.rule().skipRow()));
        }
      }
    }
    return table;
  }

  private static int position(List<String> names, String name) {
    for (int i = 0; name != null && i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Checks every entry's rows' files, then the target stores' orphans.
   *
   * @param merged the source tables verified as merged, whose rows the merge kept get no file
   * @param audit the copy's merge audit, next to its file audit; null for none
   */
  void run(Catalog sc, Catalog tc, SourceReader source, SourceReader target,
      Map<TableName, String> filters, int batchSize, int maxDiffs, RuleBook book,
      List<String> notes, Set<TableName> merged, Path audit) {
    KeptFiles keptFiles = KeptFiles.of(audit);
    List<FileOrphans.Scope> scopes = new ArrayList<>();
    for (Entry e : entries) {
      Table st = sc.tables().stream().filter(t -> e.rule().names(t.name())).findFirst()
          .orElse(null);
      if (st == null) {
        notes.add(e.rule().where() + ": tables." + e.rule().table() + ".files: the table is"
            + " not compared here; its files are not checked");
        continue;
      }
      Table tt = TableMatch.match(tc, st.name()).orElse(null);
      rows(e, st, source, filters.get(st.name()), batchSize, maxDiffs, book, notes,
          merged.contains(st.name()) ? keptFiles : null);
      if (tt != null && column(tt, e.rule().column()) != null) {
        scopes.add(new FileOrphans.Scope(e.to(), e.template(), tt,
            column(tt, e.rule().column()), e.rule().table()));
      }
    }
    FileOrphans.check(scopes, target, batchSize, maxDiffs, book, notes);
  }

  /** Rows whose file is not in the target, looked up in the file audit at once at most. */
  static final int MISSES = 10_000;

  private static void rows(Entry e, Table st, SourceReader source, String filter, int batchSize,
      int maxDiffs, RuleBook book, List<String> notes, KeptFiles keptFiles) {
    FileRule rule = e.rule();
    String table = st.name().qualified();
    Column path = column(st, rule.column());
    if (path == null) {
      book.fail(RuleBook.FILES, table, rule.column(), rule.where() + ": tables." + rule.table()
          + ".files.column: " + table + " has no column '" + rule.column() + "'");
      return;
    }
    List<String> key = TableMatch.keyOf(st);
    List<Column> read = new ArrayList<>();
    key.forEach(k -> read.add(column(st, k)));
    int at = add(read, path);
    int sha = add(read, column(st, rule.sha256Column()));
    int size = add(read, column(st, rule.sizeColumn()));
    List<CopyColumn> columns = read.stream().map(c -> new CopyColumn(c.name(), c.name(),
        ValueKind.of(c), c.nullable())).toList();
    TablePlan plan = new TablePlan(st.name(), st.name(), columns, key, Set.of(),
        st.hasChildren(), List.of(), filter);
    Map<FileFate, Long> kept = new EnumMap<>(FileFate.class);
    long[] failed = {0};
    long[] keptByMerge = {0};
    long unsound = 0;
    // under a merge, rows whose file is not there: the merge may have kept the target's row
    Map<String, String> misses = new LinkedHashMap<>();
    java.util.function.Consumer<Map<String, String>> settle = m -> {
      Set<String> keptRows = keptFiles.kept(table, m.keySet());
      m.forEach((k, problem) -> {
        if (keptRows.contains(k)) {
          keptByMerge[0]++;
        } else if (failed[0]++ < maxDiffs) {
          book.fail(RuleBook.FILES, table, path.name(), problem);
        }
      });
      m.clear();
    };
    try (ChunkCursor cursor = key.isEmpty() ? source.readText(plan, batchSize)
        : source.read(plan, null, batchSize)) {
      for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
        for (Object[] row : chunk.rows()) {
          String given = ReferenceText.of(row[at]);
          if (given == null) {
            continue;
          }
          Object[] keyValues = java.util.Arrays.copyOf(row, key.size());
          String named = key.isEmpty() ? "a row with '" + given + "'"
              : "row " + KeyCodec.encode(keyValues);
          SourceFile from = SourceFile.examine(e.from(), given,
              sha < 0 ? null : ReferenceText.of(row[sha]),
              size < 0 ? null : ReferenceText.of(row[size]), true);
          if (!from.arrives()) {
            kept.merge(from.fate(), 1L, Long::sum);
            if (unsound++ < maxDiffs) {
              notes.add(table + " " + named + ": its file '" + given + "' is not copied ("
                  + from.fate().label() + ": " + from.reason() + "): " + (rule.skipRow()
                  ? "a copy leaves the row out (on-mismatch: skip-row), so the target is not"
                      + " expected to hold the row or the file"
                  : "a copy leaves the row's reference as the source has it and writes no"
                      + " file, so the target is not expected to hold one"));
            }
            continue;
          }
          book.checked(RuleBook.FILES);
          String problem = arrived(e, from);
          if (problem != null && keptFiles != null && !key.isEmpty()) {
            misses.put(KeyCodec.encode(keyValues), named + ": " + problem);
            if (misses.size() >= MISSES) {
              settle.accept(misses);
            }
          } else if (problem != null && failed[0]++ < maxDiffs) {
            book.fail(RuleBook.FILES, table, path.name(), named + ": " + problem);
          }
        }
      }
    } catch (IOException x) {
      throw new FerryException(ErrorCode.INPUT, "reading the files of " + table + " failed: "
          + x.getMessage() + ". Check the stores' permissions, then verify again.", x);
    }
    if (!misses.isEmpty()) {
      settle.accept(misses);
    }
    if (keptByMerge[0] > 0) {
      notes.add(table + ": " + keptByMerge[0] + " rows the merge kept as the target had them:"
          + " the copy wrote neither them nor their files, so their files are not compared");
    }
    if (failed[0] > maxDiffs) {
      book.fail(RuleBook.FILES, table, path.name(), "and " + (failed[0] - maxDiffs) + " more rows"
          + " whose file is not in the target store as the source had it (raise --max-diffs)");
    }
    if (!kept.isEmpty()) {
      notes.add(table + ": " + total(kept) + " rows point to files a copy does not write ("
          + kept.entrySet().stream().map(x -> x.getValue() + " " + x.getKey().label())
              .reduce((a, b) -> a + ", " + b).orElse("") + "); they are not differences of the"
          + " target (fix them in the source, then copy again)");
    }
  }

  /** What is wrong with the source's file in the target store; null when it is the same. */
  private static String arrived(Entry e, SourceFile from) throws IOException {
    String path = e.template().target(from.path(), from.sha256()).text();
    SourceFile to = SourceFile.examine(e.to(), path, null, null, true);
    String source = "the source's '" + from.path() + "' has " + from.size() + " bytes, SHA-256 "
        + from.sha256();
    return switch (to.fate()) {
      case MISSING -> "the target store has no file at '" + path + "' (" + source + ")";
      case REFUSED -> "'" + path + "' in the target store is not followed: " + to.reason();
      default -> to.size() != from.size() || !to.sha256().equals(from.sha256())
          ? "the target store's file at '" + path + "' has " + to.size() + " bytes, SHA-256 "
              + to.sha256() + "; " + source
          : null;
    };
  }

  private static long total(Map<FileFate, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static int add(List<Column> read, Column c) {
    if (c == null) {
      return -1;
    }
    for (int i = 0; i < read.size(); i++) {
      if (read.get(i).name().equals(c.name())) {
        return i;
      }
    }
    read.add(c);
    return read.size() - 1;
  }

  static Column column(Table t, String name) {
    return name == null ? null : t.columns().stream().filter(c -> c.name()
        .equalsIgnoreCase(name)).findFirst().orElse(null);
  }


  @Override
  public void close() {
    opened.forEach(FileStore::close);
  }
}

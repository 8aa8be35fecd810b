package dev.ferry.verify;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.files.DirectoryStore;
import dev.ferry.files.PathTemplate;
import dev.ferry.files.StorePath;
import dev.ferry.files.UnsafePath;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.ReferenceText;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Files in a target store that no row references (docs/files.md, "verify"). Which files count:
 * under the template {@code sha256}, those under {@code sha256/} (content-addressed names only
 * ferry writes): an orphan there fails {@code file-orphans}; under {@code keep}, every file of the
 * store, listed in the notes but not failed, since the store's layout is the application's and
 * ferry cannot tell its files from others. The references are the target rows' own, of every
 * table whose files go to that store. Bounded memory: both lists are spilled to {@value
 * #BUCKETS} temporary files by hash, and one bucket's references are held at a time (about
 * 1/{@value #BUCKETS} of the references), plus the first {@code --max-diffs} orphans.
 */
final class FileOrphans {

  /** Buckets the paths are spilled into by hash. */
  static final int BUCKETS = 256;

  /** A table whose rows reference files of a target store. */
  record Scope(DirectoryStore store, PathTemplate template, Table table, Column column,
      String entry) {}

  private FileOrphans() {}

  static void check(List<Scope> scopes, SourceReader target, int batchSize, int maxDiffs,
      RuleBook book, List<String> notes) {
    Map<Path, List<Scope>> byStore = new LinkedHashMap<>();
    scopes.forEach(s -> byStore.computeIfAbsent(s.store().root(), k -> new ArrayList<>()).add(s));
    byStore.forEach((root, list) -> {
      try {
        store(list, target, batchSize, maxDiffs, book, notes);
      } catch (IOException | UncheckedIOException e) {
        throw new FerryException(ErrorCode.INPUT, "listing the files of " + root + " failed: "
            + e.getMessage() + ". Check its permissions, then verify again.", e);
      }
    });
  }

  private static void store(List<Scope> scopes, SourceReader target, int batchSize,
      int maxDiffs, RuleBook book, List<String> notes) throws IOException {
    DirectoryStore store = scopes.get(0).store();
    boolean hashed = scopes.stream().anyMatch(s -> s.template() == PathTemplate.SHA256);
    boolean kept = scopes.stream().anyMatch(s -> s.template() == PathTemplate.KEEP);
    String tables = String.join(", ", scopes.stream().map(s -> s.table().name().qualified())
        .distinct().toList());
    Path spill = Files.createTempDirectory("ferry-orphans-");
    try {
      Spill references = new Spill(spill.resolve("r"));
      Spill files = new Spill(spill.resolve("f"));
      try (references; files) {
        for (Scope s : scopes) {
          references(s, target, batchSize, references);
        }
        store.list(p -> {
          if (kept || p.text().startsWith("sha256/")) {
            files.add(p.text());
          }
        });
      }
      TreeSet<String> failing = new TreeSet<>();
      TreeSet<String> listed = new TreeSet<>();
      long[] counts = new long[2];
      for (int b = 0; b < BUCKETS; b++) {
        Set<String> referenced = new HashSet<>();
        references.read(b, referenced::add);
        files.read(b, p -> {
          if (hashed && p.startsWith("sha256/")) {
            book.checked(RuleBook.FILE_ORPHANS);
          }
          if (referenced.contains(p)) {
            return;
          }
          boolean fails = hashed && p.startsWith("sha256/");
          counts[fails ? 0 : 1]++;
          TreeSet<String> first = fails ? failing : listed;
          first.add(p);
          if (first.size() > maxDiffs) {
            first.pollLast();
          }
        });
      }
      String where = scopes.get(0).entry();
      for (String p : failing) {
        book.fail(RuleBook.FILE_ORPHANS, where, null, "'" + p + "' in " + store.describe()
            + ": no row of " + tables + " references it");
      }
      if (counts[0] > failing.size()) {
        book.fail(RuleBook.FILE_ORPHANS, where, null, "and " + (counts[0] - failing.size())
            + " more files in " + store.describe() + " that no row references (raise"
            + " --max-diffs)");
      }
      if (counts[1] > 0) {
        notes.add(counts[1] + " files in " + store.describe() + " no row of " + tables
            + " references (template keep: the store may hold files ferry did not write, so"
            + " they are listed, not failed): " + String.join(", ", listed)
            + (counts[1] > listed.size() ? ", ..." : ""));
      }
    } finally {
      try (Stream<Path> all = Files.walk(spill)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Spills the target rows' references of one table, normalised as copy writes them. */
  private static void references(Scope s, SourceReader target, int batchSize, Spill out) {
    TablePlan plan = new TablePlan(s.table().name(), s.table().name(), List.of(new CopyColumn(
        s.column().name(), s.column().name(), ValueKind.of(s.column()), true)), List.of(),
        Set.of(), s.table().hasChildren(), List.of(), null);
    try (ChunkCursor cursor = target.readText(plan, batchSize)) {
      for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
        for (Object[] row : chunk.rows()) {
          String given = ReferenceText.of(row[0]);
          if (given == null) {
            continue;
          }
          try {
            out.add(StorePath.of(given).text());
          } catch (UnsafePath e) {
            // a reference that names no file of the store cannot keep one from being an orphan
          }
        }
      }
    }
  }

  /** Paths spilled to files by the bucket of their hash. */
  private static final class Spill implements AutoCloseable {
    private final Path dir;
    private final DataOutputStream[] out = new DataOutputStream[BUCKETS];

    Spill(Path dir) throws IOException {
      this.dir = Files.createDirectories(dir);
    }

    void add(String path) {
      int b = Math.floorMod(path.hashCode(), BUCKETS);
      try {
        if (out[b] == null) {
          out[b] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(
              dir.resolve(Integer.toString(b))), 4096));
        }
        out[b].writeUTF(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void read(int bucket, java.util.function.Consumer<String> each) throws IOException {
      Path file = dir.resolve(Integer.toString(bucket));
      if (!Files.exists(file)) {
        return;
      }
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(
          Files.newInputStream(file), 65536))) {
        while (true) {
          String p;
          try {
            p = in.readUTF();
          } catch (EOFException end) {
            return;
          }
          each.accept(p);
        }
      }
    }

    @Override
    public void close() throws IOException {
      for (DataOutputStream o : out) {
        if (o != null) {
          o.close();
        }
      }
    }
  }
}

package dev.ferry.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Writes one remap file (forward, inverse or dry-run), batch by batch. */
final class RemapWriter {

  private final ScriptDialect dialect;
  private final String guard;
  private final RemapStatements statements;
  private final int batchSize;
  private final int pauseMillis;
  private final String staging;
  private boolean staged;

  RemapWriter(ScriptDialect dialect, String guard, int batchSize, int pauseMillis) {
    this(dialect, guard, batchSize, pauseMillis, null);
  }

  /**
   * @param staging the key unique columns rotate through ({@link RemapStaging}), or null when no
   *     column is unique
   */
  RemapWriter(ScriptDialect dialect, String guard, int batchSize, int pauseMillis,
      String staging) {
    this.dialect = dialect;
    this.guard = guard;
    this.statements = new RemapStatements(dialect, guard);
    this.batchSize = batchSize;
    this.pauseMillis = pauseMillis;
    this.staging = staging;
  }

  /** Whether a batch was written in steps through the staging key. */
  boolean staged() {
    return staged;
  }

  /**
   * The forward or inverse script: per column, per batch, one transaction with the guarded
   * UPDATE and the guard row.
   *
   * @param forwardBatches for the inverse, the forward script's batches per column; else null
   * @param batches receives the batches written per column
   */
  RemapSummary.FileSummary script(Path path, String content, RemapStatements.Direction d,
      List<RemapGenerator.Column> columns, List<BitSet> held, int[] forwardBatches,
      int[] batches, String mapFingerprint) {
    ScriptFile file = new ScriptFile(part(path), dialect.separator());
    try {
      file.comment("ferry remap script (" + content + "): " + (content.equals("forward")
          ? "rewrites user references from source keys to target keys"
          : "restores the source keys the forward script replaced"));
      file.comment("map " + mapFingerprint + ", script " + d.fingerprint()
          + (d.forward() != null ? ", undoes " + d.forward() : ""));
      file.comment("run with: " + dialect.runHint() + " (rerun-safe: every batch is recorded in "
          + guard + " and applies once; see docs/scripts.md)");
      dialect.preamble().forEach(file::statement);
      file.statement(dialect.createGuard(guard), true);
      boolean first = true;
      for (int c = 0; c < columns.size(); c++) {
        RemapGenerator.Column column = columns.get(c);
        RemapStatements.Column sc = sc(column);
        List<int[]> cut = batches(d, held.get(c));
        batches[c] = cut.size();
        file.comment(column.label() + ": " + cut.size() + " batches");
        for (int b = 0; b < cut.size(); b++) {
          if (!first && pauseMillis > 0) {
            file.statement(dialect.sleep(pauseMillis), true);
          }
          first = false;
          int[] keys = cut.get(b);
          int forward = forwardBatches == null ? 0 : forwardBatches[c];
          file.comment(column.label() + " batch " + (b + 1) + " of " + cut.size() + ": "
              + keys.length + " keys");
          file.statement(dialect.begin());
          List<RemapStaging.Step> steps = column.unique() && dialect.uniquePerRow()
              && staging != null ? RemapStaging.steps(keys, d.oldKeys(), d.newKeys(),
                  d.order().group(), staging) : null;
          if (steps == null) {
            file.statement(statements.update(sc, d, b + 1, statements.literals(sc, d.oldKeys(),
                keys), statements.literals(sc, d.newKeys(), keys), forward));
          } else {
            staged(file, sc, d, b + 1, steps, forward);
          }
          file.statement(statements.record(sc, d, b + 1, forward));
          file.statement(dialect.commit(), true);
        }
      }
      file.comment("end");
      return seal(file, path, content);
    } finally {
      file.close();
    }
  }

  /**
   * A batch of a unique column in steps that never put two rows on one value; the staging key
   * must be free (a statement fails the script when a row holds it and the batch applies).
   */
  private void staged(ScriptFile file, RemapStatements.Column sc, RemapStatements.Direction d,
      int batch, List<RemapStaging.Step> steps, int forward) {
    staged = true;
    String key = statements.literal(sc, staging);
    if (steps.stream().anyMatch(RemapStaging.Step::parks)) {
      file.comment("unique column: swaps and cycles rotate through " + staging + ", which no"
          + " row may hold (fails: a subquery returns more than 1 row)");
      file.statement(statements.stagingFree(sc, d, batch, key, forward));
    }
    for (RemapStaging.Step step : steps) {
      file.statement(statements.update(sc, d, batch, statements.literals(sc, step.olds()),
          statements.literals(sc, step.news()), forward));
    }
  }

  /** The dry-run listing: one SELECT per batch, counting the rows it will change. */
  RemapSummary.FileSummary dryRun(Path path, RemapStatements.Direction d,
      List<RemapGenerator.Column> columns, List<BitSet> held) {
    ScriptFile file = new ScriptFile(part(path), dialect.separator());
    try {
      file.comment("ferry remap dry run: per column and batch, the rows the forward script will"
          + " change (0 once applied); changes no data");
      file.comment("script " + d.fingerprint() + "; creates the empty guard table " + guard
          + " if it is missing");
      dialect.preamble().forEach(file::statement);
      file.statement(dialect.createGuard(guard), true);
      for (int c = 0; c < columns.size(); c++) {
        RemapStatements.Column sc = sc(columns.get(c));
        List<int[]> cut = batches(d, held.get(c));
        for (int b = 0; b < cut.size(); b++) {
          file.statement(statements.dryRun(sc, d, b + 1, statements.literals(sc, d.oldKeys(),
              cut.get(b))), true);
        }
      }
      file.comment("end");
      return seal(file, path, "dry-run");
    } finally {
      file.close();
    }
  }

  /** The column's keys in remap order, cut into batches that never split a cycle. */
  List<int[]> batches(RemapStatements.Direction d, BitSet keys) {
    int[] order = d.order().order();
    int[] group = d.order().group();
    List<int[]> out = new ArrayList<>();
    int[] current = new int[batchSize];
    int size = 0;
    int last = -1;
    for (int x : order) {
      if (!keys.get(x)) {
        continue;
      }
      boolean sameCycle = last >= 0 && group[x] >= 0 && group[x] == group[last];
      if (size >= batchSize && !sameCycle) {
        out.add(java.util.Arrays.copyOf(current, size));
        size = 0;
      }
      if (size == current.length) {
        current = java.util.Arrays.copyOf(current, size * 2);
      }
      current[size++] = x;
      last = x;
    }
    if (size > 0) {
      out.add(java.util.Arrays.copyOf(current, size));
    }
    return out;
  }

  private static RemapStatements.Column sc(RemapGenerator.Column c) {
    return new RemapStatements.Column(c.label(), c.table(), c.column(), c.kind(), c.unique());
  }

  private static Path part(Path path) {
    return path.resolveSibling(path.getFileName() + ".part");
  }

  private static RemapSummary.FileSummary seal(ScriptFile file, Path path, String content) {
    ScriptFile.Sealed sealed = file.seal(path);
    return new RemapSummary.FileSummary(path.getFileName().toString(), content, sealed.bytes(),
        sealed.sha256());
  }
}

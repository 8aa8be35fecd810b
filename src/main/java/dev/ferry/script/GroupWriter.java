package dev.ferry.script;

import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Tables that load in one file and one transaction: a cycle of DEFERRABLE keys (checked at the
 * commit, {@code SET CONSTRAINTS ALL DEFERRED}), or a NOT NULL cycle or self-reference whose keys
 * the script relaxes and makes real again before the commit ({@link RelaxedKeys}). Not split into
 * several files.
 */
final class GroupWriter implements AutoCloseable {

  private final ScriptTarget target;
  private final List<String> units;
  private final String base;
  private final RelaxedKeys keys;
  private final ScriptFile file;
  private long rows;
  private long statements;

  GroupWriter(ScriptTarget target, List<TablePlan> tables, String base, RelaxedKeys keys) {
    this.target = target;
    this.units = new ArrayList<>(tables.stream().map(TablePlan::unit).toList());
    this.base = base;
    this.keys = keys;
    ScriptDialect dialect = target.dialect();
    this.file = new ScriptFile(target.dir().resolve(base + ".sql.part"), dialect.separator());
    file.comment(target.header("inserts of " + (keys.any() ? "a NOT NULL cycle " : "a deferred"
        + " cycle ") + units + " in one transaction"));
    if (keys.any()) {
      file.comment("foreign keys relaxed while its rows load, and checked again before the"
          + " commit: " + keys.names());
    }
    dialect.preamble().forEach(file::statement);
    file.statement(dialect.begin());
    if (dialect.deferAll() != null && (keys.deferred() || !keys.any())) {
      file.statement(dialect.deferAll());
    }
    write(keys.before());
  }

  boolean holds(TablePlan table) {
    return units.contains(table.unit());
  }

  ScriptFile file() {
    return file;
  }

  TableWriter open(TablePlan table) {
    return new ScriptTableWriter(target, table, base, this);
  }

  void finished(String unit, long tableRows, long tableStatements) {
    rows += tableRows;
    statements += tableStatements;
  }

  void commit() {
    write(keys.after());
    file.statement(target.dialect().commit(), true);
    file.comment("end: " + rows + " rows");
    ScriptFile.Sealed sealed = file.seal(target.dir().resolve(base + ".sql"));
    target.finished(new ScriptManifest.FileEntry(base + ".sql", List.copyOf(units), "insert",
        rows, statements, sealed.bytes(), sealed.sha256()));
    if (keys.any()) {
      target.note(String.format(target.dialect().relaxation().note(), base + ".sql",
          keys.names(), units));
    }
  }

  /** Without {@link #commit}, discards the file. */
  @Override
  public void close() {
    file.close();
  }

  private void write(List<RelaxedKeys.Step> steps) {
    for (RelaxedKeys.Step step : steps) {
      if (step.comment() != null) {
        file.comment(step.comment());
      }
      file.statement(step.sql());
    }
  }
}

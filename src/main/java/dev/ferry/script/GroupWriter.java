package dev.ferry.script;

import dev.ferry.transfer.TablePlan;
import dev.ferry.transfer.TableWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A deferred cycle's tables in one file and one transaction, their constraints checked at the
 * commit (PostgreSQL {@code SET CONSTRAINTS ALL DEFERRED}). Not split into several files.
 */
final class GroupWriter {

  private final ScriptTarget target;
  private final List<String> units;
  private final String base;
  private final ScriptFile file;
  private long rows;
  private long statements;

  GroupWriter(ScriptTarget target, List<TablePlan> tables, String base) {
    this.target = target;
    this.units = new ArrayList<>(tables.stream().map(TablePlan::unit).toList());
    this.base = base;
    ScriptDialect dialect = target.dialect();
    this.file = new ScriptFile(target.dir().resolve(base + ".sql.part"), dialect.separator());
    file.comment(target.header("inserts of a deferred cycle " + units));
    dialect.preamble().forEach(file::statement);
    file.statement(dialect.begin());
    if (dialect.deferAll() != null) {
      file.statement(dialect.deferAll());
    }
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
    file.statement(target.dialect().commit(), true);
    file.comment("end: " + rows + " rows");
    ScriptFile.Sealed sealed = file.seal(target.dir().resolve(base + ".sql"));
    target.finished(new ScriptManifest.FileEntry(base + ".sql", List.copyOf(units), "insert",
        rows, statements, sealed.bytes(), sealed.sha256()));
  }
}

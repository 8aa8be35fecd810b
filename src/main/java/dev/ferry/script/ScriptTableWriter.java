package dev.ferry.script;

import dev.ferry.api.ScriptFormat;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one table's rows as multi-row INSERT statements (or a cycle fix-up as UPDATE statements)
 * into one or more numbered files: a statement ends after {@code rowsPerInsert} rows or 1 MiB, a
 * transaction after the file or {@code rowsPerTransaction} rows, a file after {@code rowsPerFile}
 * rows. Every file is self-contained: its own session settings, identity switch and transactions,
 * so any file can be run (or rerun after a failure) on its own session.
 */
final class ScriptTableWriter implements TableWriter {

  private static final int MAX_STATEMENT_CHARS = 1 << 20;

  private final ScriptTarget target;
  private final TablePlan plan;
  private final ScriptDialect dialect;
  private final SqlLiterals q;
  private final ScriptFormat format;
  private final String base;
  private final GroupWriter group;
  private final String table;
  private final Upsert statement;
  private final int[] nulled;
  private final int[] identity;
  private final boolean identityInsert;
  private final List<ScriptFile.Sealed> sealed = new ArrayList<>();
  private final List<long[]> partCounts = new ArrayList<>();
  private ScriptFile file;
  private long fileRows;
  private long fileStatements;
  private long transactionRows;
  private boolean inTransaction;
  private int statementRows;
  private int statementChars;
  private long rows;

  ScriptTableWriter(ScriptTarget target, TablePlan plan, String base, GroupWriter group) {
    this.target = target;
    this.plan = plan;
    this.dialect = target.dialect();
    this.q = dialect.literals();
    this.format = target.format();
    this.base = base;
    this.group = group;
    this.table = target.name(plan.target());
    List<String> identityColumns = plan.isFixup() ? List.of()
        : target.identityColumns(plan.target());
    this.identityInsert = !identityColumns.isEmpty();
    this.statement = Upsert.of(dialect, table, plan, target.merge(plan.unit()),
        target.version(plan.unit()), identityInsert ? dialect.overriding() : "");
    this.nulled = plan.nulledColumns().stream().mapToInt(plan::indexOf).toArray();
    this.identity = identityColumns.stream().mapToInt(plan::indexOf)
        .filter(i -> i >= 0 && plan.columns().get(i).kind() == ValueKind.INTEGER).toArray();
    if (group != null) {
      file = group.file();
      file.comment((plan.isFixup() ? "fix-up " : "table ") + plan.unit());
      opening();
    }
  }

  @Override
  public void write(Chunk chunk) {
    for (Object[] row : chunk.rows()) {
      for (int i : nulled) {
        row[i] = null;
      }
      for (int i : identity) {
        if (row[i] != null) {
          target.observe(plan.target(), row[i]);
        }
      }
      if (plan.isFixup() && allNull(row)) {
        continue;
      }
      row(row);
    }
  }

  private void row(Object[] row) {
    if (file == null) {
      openPart();
    }
    if (group == null && !inTransaction) {
      file.statement(dialect.begin());
      inTransaction = true;
      transactionRows = 0;
    }
    if (plan.isFixup()) {
      file.statement(update(row));
      fileStatements++;
    } else {
      String values = values(row);
      file.write((statementRows == 0 ? statement.head() + "\n  " : ",\n  ") + values);
      statementRows++;
      statementChars += values.length();
      if (statementRows >= format.rowsPerInsert() || statementChars >= MAX_STATEMENT_CHARS) {
        endStatement();
      }
    }
    rows++;
    fileRows++;
    transactionRows++;
    if (group != null) {
      return;
    }
    if (!format.transactionPerFile() && transactionRows >= format.rowsPerTransaction()) {
      endStatement();
      commit();
    }
    if (fileRows >= format.rowsPerFile()) {
      closePart();
    }
  }

  @Override
  public void finish() {
    if (group != null) {
      endStatement();
      closing();
      group.finished(plan.unit(), rows, fileStatements);
      return;
    }
    if (file != null) {
      closePart();
    }
    if (sealed.isEmpty()) {
      openPart();
      file.comment("no rows");
      closePart();
    }
    for (int i = 0; i < sealed.size(); i++) {
      String name = base + (sealed.size() == 1 ? "" : String.format(".%04d", i + 1)) + ".sql";
      try {
        Files.move(part(i + 1), target.dir().resolve(name), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new FerryException(ErrorCode.UNEXPECTED, "cannot name "
            + name + " in " + target.dir() + ": " + FileFailure.reason(e), e);
      }
      String content = plan.isFixup() ? "update" : statement.plain() ? "insert" : "upsert";
      target.finished(new ScriptManifest.FileEntry(name, List.of(plan.unit()), content,
          partCounts.get(i)[0], partCounts.get(i)[1],
          sealed.get(i).bytes(), sealed.get(i).sha256()));
    }
  }

  @Override
  public void close() {
    if (group == null && file != null) {
      file.close();
    }
  }

  private Path part(int n) {
    return target.dir().resolve(base + String.format(".%04d", n) + ".sql.part");
  }

  private void openPart() {
    int n = sealed.size() + 1;
    file = new ScriptFile(part(n), dialect.separator());
    file.comment(target.header((plan.isFixup() ? "cycle fix-up " : "inserts ") + plan.unit()
        + ", file " + n));
    dialect.preamble().forEach(file::statement);
    opening();
    fileRows = 0;
    fileStatements = 0;
  }

  /** Session settings and the identity switch a table's rows need. */
  private void opening() {
    if (identityInsert && dialect.identityOn() != null) {
      file.statement(String.format(dialect.identityOn(), q.string(table), table));
    }
  }

  private void closing() {
    if (identityInsert && dialect.identityOff() != null) {
      file.statement(String.format(dialect.identityOff(), q.string(table), table));
    }
  }

  private void closePart() {
    endStatement();
    if (inTransaction) {
      commit();
    }
    closing();
    file.comment("end: " + fileRows + " rows");
    sealed.add(file.seal(part(sealed.size() + 1)));
    partCounts.add(new long[] {fileRows, fileStatements});
    file = null;
  }

  private void endStatement() {
    if (statementRows > 0) {
      file.write((statement.plain() ? "" : "\n" + statement.tail()) + ";\n");
      statementRows = 0;
      statementChars = 0;
      fileStatements++;
    }
  }

  private void commit() {
    file.statement(dialect.commit(), true);
    inTransaction = false;
  }

  private String values(Object[] row) {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(q.literal(row[i], plan.columns().get(i).kind()));
    }
    return out.append(')').toString();
  }

  private String update(Object[] row) {
    List<String> sets = new ArrayList<>();
    for (String column : plan.updateColumns()) {
      int i = plan.indexOf(column);
      sets.add(q.identifier(plan.columns().get(i).targetName()) + " = "
          + q.literal(row[i], plan.columns().get(i).kind()));
    }
    List<String> where = new ArrayList<>();
    for (int i : plan.keyPositions()) {
      where.add(q.identifier(plan.columns().get(i).targetName()) + " = "
          + q.literal(row[i], plan.columns().get(i).kind()));
    }
    return "UPDATE " + table + " SET " + String.join(", ", sets) + " WHERE "
        + String.join(" AND ", where);
  }

  private boolean allNull(Object[] row) {
    for (String column : plan.updateColumns()) {
      if (row[plan.indexOf(column)] != null) {
        return false;
      }
    }
    return true;
  }
}

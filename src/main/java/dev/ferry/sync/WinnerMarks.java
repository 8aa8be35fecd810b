package dev.ferry.sync;

import dev.ferry.api.Prevail;
import dev.ferry.api.SyncJob;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which rows of a side changed since the last cycle, for a job of both directions with a {@code
 * winner:} (docs/sync.md, "Direction"): a row whose watermark is above both sides' last marks.
 * Its side's own last mark says the row changed since that side was last read; the other side's
 * says it is no row the other half wrote there at the last cycle (those carry the other side's
 * versions, at most its mark), which must not count as a change again. Under {@code winner:
 * source} or {@code target} the winner's half runs first and such a row of it prevails; under
 * {@code winner: none} a row changed on both sides is a conflict in the first half and kept in
 * the second.
 */
final class WinnerMarks {

  private WinnerMarks() {}

  /**
   * The half's rule for rows changed since the last cycle, per table; none where the half
   * reads no winner and the job names none.
   *
   * @param marks the half's watermark plan, with the read side's last marks
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a table the job copies without a
   *     watermark, which then could not tell the winner's changes
   */
  static List<Prevail> of(SyncJob job, CycleCatalogs catalogs, Watermarks.Plan marks)
      throws SQLException {
    if (job.winner() == null) {
      return List.of();
    }
    // the read side's marks are recorded where its half writes (the plan read them there),
    // the other side's where that side's half writes: in the database this half reads
    Map<String, String> winners = marks.last();
    Map<String, String> others = CycleLog.marks(job.source(), job.name());
    List<Prevail> prevails = new ArrayList<>();
    for (Table table : catalogs.source().tables()) {
      SyncJob.Watermark w = job.watermarks().stream().filter(m -> m.names(table.name()))
          .findFirst().orElseThrow(() -> new FerryException(ErrorCode.CONFIGURATION,
              job.winner().where() + ": job '" + job.name() + "', winner: a cycle tells which"
              + " side changed a row by a watermark, and " + table.name().qualified() + " has"
              + " none. Give every table the job copies one (tables: {" + table.name().name()
              + ": {watermark: updated_at}}), or drop winner: (the newer row wins)."));
      Column column = table.columns().stream()
          .filter(c -> c.name().equalsIgnoreCase(w.column())).findFirst().orElseThrow();
      boolean number = Watermarks.NUMBERS.contains(column.jdbcType());
      List<Object> above = new ArrayList<>();
      for (String mark : new String[] {winners.get(table.name().qualified()),
          byName(others, table.name().name())}) {
        if (mark != null) {
          above.add(MarkValues.value(mark, number));
        }
      }
      SyncJob.Winner.Side side = job.winner().side();
      prevails.add(new Prevail(table.name().qualified(), column.name(), above,
          side == SyncJob.Winner.Side.NONE ? Prevail.OnBoth.CONFLICT
              : side == SyncJob.Winner.Side.KEPT ? Prevail.OnBoth.SKIP : Prevail.OnBoth.PREVAIL));
    }
    return prevails;
  }

  /** The other side's mark of the table: its name there may have another schema. */
  private static String byName(Map<String, String> marks, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : marks.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (key.equals(wanted) || key.endsWith("." + wanted)) {
        return e.getValue();
      }
    }
    return null;
  }
}

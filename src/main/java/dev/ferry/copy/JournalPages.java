package dev.ferry.copy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.RollbackResult;
import dev.ferry.dialect.Dialect;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run's journal entries of a table (docs/rollback.md), read a page at a time in reverse
 * order of writing (batch, then sequence, descending): checked against the target's rows, counted,
 * or undone, a page per transaction that also deletes the page's journal rows. Memory: a page of
 * fewer than PAGE + PACK entries ({@link JournalWriter#PACK}) and the target's rows of them.
 */
final class JournalPages {

  /** Entries per page: per check query and per undo transaction. */
  static final int PAGE = JournaledTable.PROBE;

  /** One journal row. */
  record Entry(long batch, long seq, String action, String key, String before, String hash) {}

  private final RowJournal journal;
  private final Dialect dialect;
  private final String runId;
  private final String tenant;

  /** Per journal name, the first batch undone (a rollback from a batch on); 1 for others. */
  private final Map<String, Long> from;
  /** Called with each run of inserted entries undone, on the page's transaction; or null. */
  private final Deleted deleted;

  /** What else goes with inserted rows deleted, in the same transaction. */
  interface Deleted {
    void rows(Connection c, JournaledTable t, List<Entry> inserted) throws SQLException;
  }

  JournalPages(RowJournal journal, String runId, String tenant) {
    this(journal, runId, tenant, Map.of(), null);
  }

  JournalPages(RowJournal journal, String runId, String tenant, Map<String, Long> from,
      Deleted deleted) {
    this.journal = journal;
    this.dialect = journal.dialect();
    this.runId = runId;
    this.tenant = tenant;
    this.from = from;
    this.deleted = deleted;
  }

  /** The first batch of the table's entries that are read (checked, counted, undone). */
  long from(JournaledTable t) {
    return from.getOrDefault(t.journalName, 1L);
  }

  /**
   * The inserted entries of the table, a page at a time, newest first: what a rollback would
   * delete (for the references to them that would refuse it).
   */
  void inserted(Connection c, JournaledTable t, Deleted each) throws SQLException {
    Entry after = null;
    for (List<Entry> page = page(c, t, after); !page.isEmpty(); page = page(c, t, after)) {
      List<Entry> inserts = page.stream().filter(e -> e.action().equals(RowJournal.INSERT))
          .toList();
      if (!inserts.isEmpty()) {
        each.rows(c, t, inserts);
      }
      after = page.get(page.size() - 1);
    }
  }

  /**
   * Counts the table's entries whose row the target no longer holds as the run left it, and
   * names the first of them in {@code shown} (up to {@code max} in all).
   */
  long check(Connection c, JournaledTable t, List<String> shown, int max) throws SQLException {
    long changed = 0;
    Entry after = null;
    for (List<Entry> page = page(c, t, after); !page.isEmpty(); page = page(c, t, after)) {
      for (String problem : problems(c, t, page)) {
        changed++;
        if (shown.size() < max) {
          shown.add(problem);
        }
      }
      after = page.get(page.size() - 1);
    }
    return changed;
  }

  /** What undoing the table would do (read a page at a time: inserts are packed). */
  RollbackResult.Table counts(Connection c, JournaledTable t) throws SQLException {
    long[] n = new long[3];
    Entry after = null;
    for (List<Entry> page = page(c, t, after); !page.isEmpty(); page = page(c, t, after)) {
      page.forEach(e -> n[index(e.action())]++);
      after = page.get(page.size() - 1);
    }
    return new RollbackResult.Table(t.journalName, n[0], n[1], n[2]);
  }

  /**
   * Undoes the table's entries, newest first, a page per transaction with the page's entries
   * deleted; a page meeting a row changed since the check (unless forced) is rolled back and
   * the rollback refused.
   */
  RollbackResult.Table undo(Connection c, JournaledTable t, boolean force) throws SQLException {
    long[] n = new long[3];
    try (Statement session = c.createStatement()) {
      for (String sql : dialect.identityInsertOn(t.name)) {
        session.execute(sql);
      }
    }
    for (List<Entry> page = page(c, t, null); !page.isEmpty(); page = page(c, t, null)) {
      List<String> problems = force ? List.of() : problems(c, t, page);
      if (!problems.isEmpty()) {
        c.rollback();
        throw new FerryException(ErrorCode.REFUSED, "stopped rolling back run " + runId + " at "
            + t.name + ": " + problems.size() + " rows changed while it ran, first: "
            + problems.get(0) + ". What was undone so far is committed; run the rollback again"
            + " (it refuses or, with --force, continues).");
      }
      int start = 0;
      for (int i = 1; i <= page.size(); i++) {
        if (i == page.size() || !page.get(i).action().equals(page.get(start).action())) {
          apply(c, t, page.subList(start, i));
          if (deleted != null && page.get(start).action().equals(RowJournal.INSERT)) {
            deleted.rows(c, t, page.subList(start, i));
          }
          n[index(page.get(start).action())] += i - start;
          start = i;
        }
      }
      Entry last = page.get(page.size() - 1);
      StateStore.update(c, "DELETE FROM " + dialect.qualify(journal.rows()) + " WHERE " + own()
          + " AND (" + q("batch") + " > ? OR " + q("batch") + " = ? AND " + q("seq") + " >= ?)",
          runId, tenant, t.journalName, last.batch(), last.batch(), last.seq());
      c.commit();
    }
    return new RollbackResult.Table(t.journalName, n[0], n[1], n[2]);
  }

  /** Undoes entries of one action, in their order, as one batch. */
  private void apply(Connection c, JournaledTable t, List<Entry> entries) throws SQLException {
    String action = entries.get(0).action();
    String sql = action.equals(RowJournal.INSERT) ? t.deleteSql()
        : action.equals(RowJournal.UPDATE) ? t.updateSql() : t.insertSql();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Entry e : entries) {
        switch (action) {
          case RowJournal.INSERT -> t.bindKey(ps, 1, t.key(e.key()));
          case RowJournal.UPDATE -> t.bindUpdate(ps, t.image(e.before()));
          default -> t.bindInsert(ps, t.image(e.before()));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The entries of a page whose rows the target no longer holds as the run left them. */
  private List<String> problems(Connection c, JournaledTable t, List<Entry> page)
      throws SQLException {
    List<Object[]> keys = page.stream().map(e -> t.key(e.key())).toList();
    Map<String, Object[]> current = t.rows(c, keys);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < page.size(); i++) {
      Entry e = page.get(i);
      Object[] row = current.get(t.keyText(keys.get(i)));
      String where = t.name + " key " + JournaledTable.label(keys.get(i)) + ": ";
      if (e.action().equals(RowJournal.DELETE)) {
        if (row != null) {
          problems.add(where + "the run deleted it, and a row with its key was written since");
        }
      } else if (row == null) {
        problems.add(where + "the run " + past(e.action()) + " it, and it was deleted since");
      } else if (!t.sameRow(row, e.hash())) {
        problems.add(where + "the run " + past(e.action()) + " it, and it was changed since");
      }
    }
    return problems;
  }

  /**
   * The page of entries after {@code after} (null: the newest), newest first: whole journal rows
   * until at least {@link #PAGE} entries, a packed row of inserts ({@link RowJournal#INSERTS})
   * unpacked into its rows' entries, which share its batch and sequence.
   */
  private List<Entry> page(Connection c, JournaledTable t, Entry after) throws SQLException {
    List<Entry> page = new ArrayList<>(PAGE + JournalWriter.PACK);
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q("batch") + ", " + q("seq")
        + ", " + q("action") + ", " + q("row_key") + ", " + q("before_image") + ", "
        + q("after_hash") + " FROM " + dialect.qualify(journal.rows()) + " WHERE " + own()
        + " AND " + q("batch") + " >= ? AND " + q("action") + " <> ?"
        + (after == null ? "" : " AND (" + q("batch") + " < ? OR " + q("batch") + " = ? AND "
            + q("seq") + " < ?)") + " ORDER BY " + q("batch") + " DESC, " + q("seq")
        + " DESC")) {
      ps.setMaxRows(PAGE);
      ps.setFetchSize(16);
      if (after == null) {
        RowJournal.bind(ps, runId, tenant, t.journalName, from(t), RowJournal.BOUNDARY);
      } else {
        RowJournal.bind(ps, runId, tenant, t.journalName, from(t), RowJournal.BOUNDARY,
            after.batch(), after.batch(), after.seq());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (page.size() < PAGE && rs.next()) {
          long batch = rs.getLong(1);
          long seq = rs.getLong(2);
          String action = rs.getString(3);
          if (action.equals(RowJournal.INSERTS)) {
            unpack(batch, seq, rs.getString(4), page);
          } else {
            page.add(new Entry(batch, seq, action, rs.getString(4), rs.getString(5),
                rs.getString(6)));
          }
        }
      }
    }
    return page;
  }

  /** A packed row of inserts' entries, newest first. */
  private static void unpack(long batch, long seq, String packed, List<Entry> page) {
    JsonNode rows;
    try {
      rows = Json.mapper().readTree(packed);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "a journal row of inserts (batch " + batch
          + ", seq " + seq + ") is unreadable (" + e.getMessage() + "); it was not written by"
          + " this ferry");
    }
    for (int i = rows.size() - 1; i >= 0; i--) {
      JsonNode row = rows.get(i);
      page.add(new Entry(batch, seq, RowJournal.INSERT, Json.compact(row.get(0)), null,
          row.get(1).asText()));
    }
  }

  private String own() {
    return q("run_id") + " = ? AND " + q("tenant") + " = ? AND " + q("table_name") + " = ?";
  }

  private static String past(String action) {
    return action.equals(RowJournal.INSERT) ? "inserted" : "updated";
  }

  private static int index(String action) {
    return action.equals(RowJournal.INSERT) ? 0 : action.equals(RowJournal.UPDATE) ? 1 : 2;
  }

  private String q(String identifier) {
    return dialect.quote(identifier);
  }
}

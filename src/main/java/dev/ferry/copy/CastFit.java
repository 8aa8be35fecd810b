package dev.ferry.copy;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The copy's judgement of values ({@link TypeFit}, measured as {@link ValueFit} measures them)
 * applied to the columns {@code ferry.yaml}'s cast rules change, before any DDL runs: a rule whose
 * type cannot hold the source's values is refused with their count and first keys, as the copy's
 * preflight would refuse them after the tables were made.
 */
public final class CastFit {

  private CastFit() {}

  /**
   * Every problem, one sentence each, in table order.
   *
   * @param c a read-only connection to the source
   * @param source the source's dialect
   * @param catalog the source's catalog
   * @param targets per table and column, the target column a rule gives it (as read back)
   * @param rules per table and column, the rule's place and type, for messages
   * @param target the target's dialect
   * @param zeroDates per table, the columns whose zero dates a rule turns into NULL
   */
  public static List<String> problems(Connection c, Dialect source, Catalog catalog,
      Map<TableName, Map<String, Column>> targets, Map<TableName, Map<String, String>> rules,
      Dialect target, Map<TableName, Map<String, String>> zeroDates) throws SQLException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<TableName, Map<String, Column>> e : targets.entrySet()) {
      Table t = catalog.table(e.getKey()).orElseThrow();
      List<ValueFit.Measured> measured = new ArrayList<>();
      for (Map.Entry<String, Column> cast : e.getValue().entrySet()) {
        Column sc = t.column(cast.getKey()).orElseThrow();
        Column dc = cast.getValue();
        String where = "the type " + dc.type() + " of the cast rule at "
            + rules.get(t.name()).get(sc.name());
        TypeFit.Judgement j = TypeFit.judge(sc, source.id(), source, dc, target,
            zeroDates.getOrDefault(t.name(), Map.of()).containsKey(sc.name()));
        if (j.refusal() != null) {
          problems.add(t.name() + "." + sc.name() + " (" + sc.type() + ") does not fit " + where
              + ": " + j.refusal());
          continue;
        }
        for (TypeFit.Doubt doubt : j.doubts()) {
          if (doubt.condition() != null) {
            measured.add(new ValueFit.Measured(t.name() + "." + sc.name(), where, doubt));
          }
        }
      }
      if (!measured.isEmpty()) {
        List<String> key = t.primaryKey() == null ? List.of() : t.primaryKey().columns();
        TablePlan plan = new TablePlan(t.name(), t.name(), List.of(), key, Set.of(), false,
            List.of());
        ValueFit.measure(plan, measured, c, source, problems);
      }
    }
    return problems;
  }
}

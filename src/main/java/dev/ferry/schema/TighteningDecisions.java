package dev.ferry.schema;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.dialect.Identifiers;
import dev.ferry.schema.TighteningCandidates.Candidate;
import dev.ferry.schema.TighteningCandidates.Kind;
import dev.ferry.schema.TighteningPolicy.Evidence;
import dev.ferry.schema.TighteningPolicy.Mode;
import dev.ferry.schema.TighteningPolicy.Outcome;
import dev.ferry.schema.TighteningProfile.Counts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Each candidate's decision (the policy matrix's cell for its evidence), the remediation SQL where
 * a few rows block one, and the catalog with the added constraints, which {@link DdlWriter} then
 * writes like declared ones: foreign keys in {@code 02-constraints.sql}, created validated.
 */
final class TighteningDecisions {

  /**
   * One decision.
   *
   * @param candidate what was decided
   * @param counts its evidence
   * @param evidence the evidence's class
   * @param outcome the matrix's outcome
   * @param rationale the matrix's reason
   * @param values the offending values as literals of the target dialect
   * @param remediation the SQL that fixes or lists the offending rows (target dialect), or null
   */
  record Decision(Candidate candidate, Counts counts, Evidence evidence, Outcome outcome,
      String rationale, List<String> values, String remediation) {

    /** {@code t.c NOT NULL}, {@code t UNIQUE (c)}, {@code t.c -> p.k}. */
    String describe() {
      Candidate c = candidate;
      return switch (c.kind()) {
        case NOT_NULL -> c.table().name() + "." + c.column() + " NOT NULL";
        case UNIQUE -> c.table().name() + " UNIQUE (" + c.column() + ")";
        case FOREIGN_KEY -> c.table().name() + "." + c.column() + " -> " + c.parent().name()
            + "." + c.parentColumn();
      };
    }
  }

  private TighteningDecisions() {}

  /** The decisions, in the candidates' order. */
  static List<Decision> decide(List<Candidate> candidates, Map<Candidate, Counts> evidence,
      Mode mode, long minRows, TargetDialect target, Identifiers q) {
    List<Decision> first = new ArrayList<>();
    Set<String> notNull = new HashSet<>();
    for (Candidate c : candidates) {
      Counts counts = evidence.get(c);
      Evidence e = TighteningPolicy.classify(false, counts.rows(), counts.violations(), minRows);
      TighteningPolicy.Cell cell = TighteningPolicy.decide(mode, e);
      first.add(new Decision(c, counts, e, cell.outcome(), cell.rationale(), counts.values()
          .stream().map(v -> literal(v, target)).toList(), null));
      if (c.kind() == Kind.NOT_NULL && cell.outcome().creates) {
        notNull.add(c.table() + "." + c.column());
      }
    }
    return first.stream().map(d -> d.outcome() != Outcome.REMEDIATE ? d : new Decision(
        d.candidate(), d.counts(), d.evidence(), d.outcome(), d.rationale(), d.values(),
        remediation(d, q, notNull.contains(d.candidate().table() + "." + d.candidate()
            .column())))).toList();
  }

  /** The catalog with every added constraint: columns made NOT NULL, keys and references added. */
  static Catalog apply(Catalog catalog, List<Decision> decisions) {
    List<Table> tables = new ArrayList<>();
    for (Table t : catalog.tables()) {
      List<Candidate> added = decisions.stream().filter(d -> d.outcome() == Outcome.ADD
          && d.candidate().table().equals(t.name())).map(Decision::candidate).toList();
      if (added.isEmpty()) {
        tables.add(t);
        continue;
      }
      Set<String> notNull = added.stream().filter(c -> c.kind() == Kind.NOT_NULL)
          .map(Candidate::column).collect(Collectors.toSet());
      List<Column> columns = t.columns().stream().map(c -> !notNull.contains(c.name()) ? c
          : new Column(c.name(), c.type(), c.jdbcType(), c.size(), c.scale(), false,
              c.defaultValue(), c.generation(), c.charset())).toList();
      List<UniqueKey> uniques = new ArrayList<>(t.uniqueKeys());
      List<ForeignKey> fks = new ArrayList<>(t.foreignKeys());
      for (Candidate c : added) {
        String base = t.name().name() + "_" + c.column();
        if (c.kind() == Kind.UNIQUE) {
          uniques.add(new UniqueKey(base + "_key", List.of(c.column()), false));
        } else if (c.kind() == Kind.FOREIGN_KEY) {
          fks.add(new ForeignKey(base + "_fkey", List.of(c.column()), c.parent(),
              List.of(c.parentColumn()), "NO ACTION", "NO ACTION", ForeignKey.NOT_DEFERRABLE));
        }
      }
      tables.add(new Table(t.name(), t.kind(), columns, t.primaryKey(), uniques, fks,
          t.triggers(), t.parents(), t.hasChildren(), t.indexes(), t.comments(), t.enumLabels(),
          t.checks()));
    }
    return new Catalog(catalog.formatVersion(), catalog.engine(), catalog.database(),
        catalog.schemas(), catalog.filter(), tables, catalog.fingerprint());
  }

  /**
   * The SQL for the rows that block a constraint, in the target's dialect, to run after the load
   * and before {@code 02-constraints.sql} (or on the source before the copy).
   */
  private static String remediation(Decision d, Identifiers q, boolean madeNotNull) {
    Candidate c = d.candidate();
    String table = q.quoteForFile(c.table().name());
    String col = q.quoteForFile(c.column());
    String in = " WHERE " + col + " IN (" + String.join(", ", d.values()) + ");";
    return switch (c.kind()) {
      case NOT_NULL -> "-- give these rows a value, or delete them\nSELECT * FROM " + table
          + " WHERE " + col + " IS NULL;";
      case UNIQUE -> "-- keep one row of each value: change or delete the others\nSELECT * FROM "
          + table + in.substring(0, in.length() - 1) + " ORDER BY " + col + ";";
      case FOREIGN_KEY -> madeNotNull
          ? "-- or insert the missing parents\nDELETE FROM " + table + in
          : "-- or insert the missing parents\nUPDATE " + table + " SET " + col + " = NULL" + in;
    };
  }

  /** A value as a literal of the target: numbers as digits, anything else as a quoted string. */
  static String literal(Object value, TargetDialect target) {
    if (value instanceof BigDecimal b) {
      return b.toPlainString();
    }
    if (value instanceof Number n) {
      return n.toString();
    }
    if (value instanceof Boolean b) {
      return b ? target.trueLiteral() : target.falseLiteral();
    }
    return target.string(String.valueOf(value));
  }
}

package dev.ferry.schema;

import static dev.ferry.schema.PortableType.*;

import dev.ferry.api.CastRule;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ZeroDates;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cast rules of {@code ferry.yaml} applied to a catalog for one target dialect: for each
 * column the most specific rule that names a type for the dialect (a table counts most, then a
 * column glob, then a sized type, then a type; equals: the first in the file). A rule naming a
 * table that is not selected, or a column (without glob) that no selected table has, is refused
 * with its file and line.
 */
public final class Casts {

  /** No rules: every column keeps the type tables' mapping. */
  public static final Casts NONE = new Casts(List.of(), null, null);

  private static final Map<String, PortableType> PORTABLE = Map.ofEntries(
      Map.entry("boolean", BOOLEAN), Map.entry("smallint", SMALLINT),
      Map.entry("integer", INTEGER), Map.entry("bigint", BIGINT), Map.entry("decimal", DECIMAL),
      Map.entry("real", REAL), Map.entry("double", DOUBLE), Map.entry("text", TEXT),
      Map.entry("varchar", VARCHAR), Map.entry("char", CHAR), Map.entry("bytes", BINARY),
      Map.entry("varbinary", VARBINARY), Map.entry("date", DATE), Map.entry("time", TIME),
      Map.entry("timestamp", TIMESTAMP), Map.entry("timestamptz", TIMESTAMPTZ),
      Map.entry("uuid", UUID), Map.entry("json", JSON), Map.entry("jsonb", JSONB));

  private final List<CastRule> rules;
  private final Catalog catalog;
  private final String dialect;

  private Casts(List<CastRule> rules, Catalog catalog, String dialect) {
    this.rules = List.copyOf(rules);
    this.catalog = catalog;
    this.dialect = dialect;
  }

  /**
   * The rules for a catalog and a target dialect ({@code postgres}, {@code mysql}, ...).
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a rule naming a table or column
   *     the selection does not hold, or a dialect ferry does not write
   */
  public static Casts of(List<CastRule> rules, Catalog catalog, String dialect) {
    String d = TargetDialect.of(dialect).name();
    for (CastRule r : rules) {
      List<Table> tables = catalog.tables().stream().filter(t -> r.table() == null
          || tableMatches(r.table(), t.name())).toList();
      if (tables.isEmpty()) {
        throw new FerryException(ErrorCode.CONFIGURATION, r.location() + ": the cast rule names"
            + " the table '" + r.table() + "', which is not among the selected tables of the"
            + " source. Correct the name, or remove the rule.");
      }
      boolean glob = r.column() != null && (r.column().contains("*") || r.column().contains("?"));
      if (r.column() != null && !glob && tables.stream().noneMatch(t -> t.columns().stream()
          .anyMatch(c -> c.name().equalsIgnoreCase(r.column())))) {
        throw new FerryException(ErrorCode.CONFIGURATION, r.location() + ": the cast rule names"
            + " the column '" + r.column() + "', which " + (r.table() == null ? "no selected"
                + " table has" : "the table " + r.table() + " does not have") + ". Correct the"
            + " name, or remove the rule.");
      }
    }
    return new Casts(rules, catalog, d);
  }

  /**
   * The catalog with each column whose zero dates a rule's {@code zero-dates: null} turns into
   * NULL ({@link ZeroDates}) made nullable, and a zero-date default ({@code '0000-00-00'})
   * dropped: the target column is to hold those NULLs, as pgloader's zero-dates-to-null makes it.
   */
  Catalog zeroDatesNullable(Catalog source) {
    Map<TableName, Map<String, String>> zero = ZeroDates.columns(rules, source);
    if (zero.isEmpty()) {
      return source;
    }
    List<Table> tables = new ArrayList<>();
    for (Table t : source.tables()) {
      Map<String, String> nulled = zero.getOrDefault(t.name(), Map.of());
      tables.add(nulled.isEmpty() ? t : new Table(t.name(), t.kind(), t.columns().stream()
          .map(c -> !nulled.containsKey(c.name()) ? c : new Column(c.name(), c.type(),
              c.jdbcType(), c.size(), c.scale(), true, zeroDefault(c.defaultValue()) ? null
                  : c.defaultValue(), c.generation(), c.charset())).toList(), t.primaryKey(),
          t.uniqueKeys(), t.foreignKeys(), t.triggers(), t.parents(), t.hasChildren(),
          t.indexes(), t.comments(), t.enumLabels(), t.checks()));
    }
    return new Catalog(source.formatVersion(), source.engine(), source.database(),
        source.schemas(), source.filter(), tables, source.fingerprint());
  }

  private static boolean zeroDefault(String value) {
    return value != null && value.replace("'", "").strip()
        .matches("\\d{4}-(00-\\d{2}|\\d{2}-00)( .*)?");
  }

  /** Per table, the columns whose zero dates a rule turns into NULL, with the rule's place. */
  public Map<TableName, Map<String, String>> zeroDates() {
    return catalog == null ? Map.of() : ZeroDates.columns(rules, catalog);
  }

  /** The id of the target's engine ({@code mariadb} for the {@code mysql} dialect). */
  public String engine() {
    return TargetDialect.of(dialect).engine();
  }

  /** The rule that casts this column's type, or null. */
  CastRule typeRule(Table table, Column column) {
    return best(table, column);
  }

  /**
   * The columns some rule casts, each as the target's column would be read back (its type as
   * the dialect spells it, size, scale), by table and column: what the copy's measuring judges
   * the source's values against before any DDL runs.
   */
  public Map<TableName, Map<String, Column>> probes() {
    Map<TableName, Map<String, Column>> probes = new LinkedHashMap<>();
    if (rules.isEmpty()) {
      return probes;
    }
    TargetDialect d = TargetDialect.of(dialect);
    for (Table t : catalog.tables()) {
      for (Column c : t.columns()) {
        CastRule r = typeRule(t, c);
        if (r != null) {
          SourceType st = sourceType(r, c);
          String spelled = ColumnDdl.spell(d, st.type(), st.size(), st.scale());
          String type = spelled.replaceAll("\\s*\\(.*?\\)", "").toLowerCase(Locale.ROOT);
          probes.computeIfAbsent(t.name(), k -> new LinkedHashMap<>()).put(c.name(),
              new Column(c.name(), type, jdbc(st.type()), st.type() == TEXT ? null : st.size(),
                  st.scale(), true, null, null, d.textCharset() ? "utf8mb4" : null));
        }
      }
    }
    return probes;
  }

  /** Where each cast column's rule is, by table and column, for messages. */
  public Map<TableName, Map<String, String>> locations() {
    Map<TableName, Map<String, String>> where = new HashMap<>();
    for (Table t : catalog == null ? List.<Table>of() : catalog.tables()) {
      for (Column c : t.columns()) {
        CastRule r = typeRule(t, c);
        if (r != null) {
          where.computeIfAbsent(t.name(), k -> new HashMap<>()).put(c.name(), r.location()
              + " (to " + r.targetFor(dialect) + ")");
        }
      }
    }
    return where;
  }

  /**
   * The type a rule gives a column, in the source's terms: the rule's size; a time without one
   * keeps the source's fractional digits (else 6); a decimal without one is unbounded.
   */
  SourceType sourceType(CastRule rule, Column column) {
    CastRule.Target target = CastRule.parseTarget(rule.targetFor(dialect));
    boolean time = target.name().startsWith("time");
    SourceType declared = time && target.size() == null
        ? SourceTypes.resolve(catalog.engine(), column, List.of()) : null;
    // a time without fractional digits in the rule keeps the source's
    Integer fraction = declared != null && EnumSet.of(TIME, TIMESTAMP, MARIADB_TIMESTAMP,
        TIMESTAMPTZ).contains(declared.type()) ? declared.scale() : target.size();
    Integer scale = time ? fraction : target.name().equals("decimal")
        && target.size() != null && target.scale() == null ? Integer.valueOf(0) : target.scale();
    return new SourceType(PORTABLE.get(target.name()), time ? null : target.size(), scale,
        List.of(), column.type() == null || column.type().isBlank() ? "(no type)" : column.type());
  }

  private CastRule best(Table table, Column column) {
    CastRule best = null;
    int bestScore = -1;
    for (CastRule r : rules) {
      if (r.targetFor(dialect) == null) {
        continue;
      }
      int score = score(r, table, column);
      if (score > bestScore) {
        best = r;
        bestScore = score;
      }
    }
    return best;
  }

  /** How specific a rule is for a column; -1 when it does not match it. */
  private int score(CastRule r, Table table, Column column) {
    if (r.table() != null && !tableMatches(r.table(), table.name())
        || r.column() != null && !ZeroDates.glob(r.column(), column.name())) {
      return -1;
    }
    int score = (r.table() != null ? 8 : 0) + (r.column() != null ? 4 : 0);
    if (r.type() != null) {
      List<String> names = typeNames(column);
      int at = names.indexOf(r.type());
      if (at < 0) {
        return -1;
      }
      score += at == 0 ? 1 : 2;
    }
    return score;
  }

  /**
   * The names a rule's type may give a column: its base name first, then the sized forms
   * ({@code varchar(20)}, {@code nvarchar(max)}, {@code decimal(10,2)}, {@code tinyint(1)}).
   */
  private List<String> typeNames(Column c) {
    String declared = c.type() == null ? "" : CastRule.normalise(c.type());
    String base = declared.replaceAll("\\(.*?\\)", "").replaceAll(" identity$", "").strip();
    List<String> names = new ArrayList<>();
    boolean mariaBoolean = catalog.engine().equals("mariadb") && base.equals("boolean");
    names.add(mariaBoolean ? "tinyint" : base);
    if (mariaBoolean) {
      names.add("tinyint(1)");
      names.add("boolean");
    }
    if (!declared.equals(base)) {
      names.add(declared);
    }
    Integer size = c.size();
    if (size != null && size > 0) {
      boolean max = size >= SourceTypes.UNBOUNDED;
      names.add(base + "(" + (max ? "max" : size) + ")");
      if (c.scale() != null) {
        names.add(base + "(" + size + "," + c.scale() + ")");
      }
    } else if (Set.of("nvarchar", "varchar", "varbinary").contains(base)) {
      names.add(base + "(max)");
    }
    // a time's size is its fractional digits: MariaDB's datetime(6) reports a display size
    SourceType st = SourceTypes.resolve(catalog.engine(), c, List.of());
    if (st != null && st.scale() != null && EnumSet.of(TIME, TIMESTAMP, MARIADB_TIMESTAMP,
        TIMESTAMPTZ).contains(st.type())) {
      names.add(base + "(" + st.scale() + ")");
    }
    return names;
  }

  private static boolean tableMatches(String name, TableName table) {
    return name.equalsIgnoreCase(table.name()) || name.equalsIgnoreCase(table.qualified());
  }

  private static String jdbc(PortableType type) {
    return switch (type) {
      case BOOLEAN -> "BOOLEAN";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DECIMAL -> "DECIMAL";
      case REAL -> "REAL";
      case DOUBLE -> "DOUBLE";
      case TEXT, VARCHAR, JSON, JSONB -> "VARCHAR";
      case CHAR -> "CHAR";
      case BINARY, VARBINARY -> "VARBINARY";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case TIMESTAMPTZ -> "TIMESTAMP_WITH_TIMEZONE";
      case UUID -> "OTHER";
      default -> "TIMESTAMP";
    };
  }
}

package dev.ferry.schema;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

/**
 * A check constraint's condition, parsed with JSqlParser from the source engine's SQL and
 * written again for a target dialect from the parsed tree alone: the table's own columns quoted
 * by the target, literals written as its literals, and only what every engine reads alike
 * (comparisons, AND/OR/NOT, IS NULL, BETWEEN, IN lists, + - *, LIKE between engines that compare
 * case by case alike, and {@code lower}, {@code upper}, {@code abs}, the length in characters).
 * Anything else (another function, a cast to a type of the source engine's own, a subquery, a
 * regular expression, a division, whose result type differs) makes the whole constraint
 * untranslatable: it is left out with a note naming it, and never written as the source's text.
 */
final class CheckExpression {

  /** Casts PostgreSQL's {@code pg_get_constraintdef} adds that change no comparison. */
  private static final Set<String> PLAIN_CASTS = Set.of("text", "varchar", "character varying",
      "bpchar", "character", "char", "numeric", "decimal", "integer", "int", "int4", "int8",
      "int2", "bigint", "smallint", "double precision", "real", "float8", "float4", "date",
      "timestamp", "timestamp without time zone", "boolean", "bool");

  /** Thrown for what does not translate; its message says what. */
  static final class Untranslatable extends Exception {
    Untranslatable(String why) {
      super(why, null, false, false);
    }
  }

  private final Table table;
  private final String engine;
  private final TargetDialect d;
  private final Identifiers q;

  private CheckExpression(Table table, String engine, TargetDialect d, Identifiers q) {
    this.table = table;
    this.engine = engine;
    this.d = d;
    this.q = q;
  }

  /**
   * The condition in the target's SQL, without {@code CHECK} and in parentheses.
   *
   * @param engine the source engine, whose SQL {@code expression} is
   * @throws Untranslatable naming what does not translate
   */
  static String translate(String expression, Table table, String engine, TargetDialect d,
      Identifiers q) throws Untranslatable {
    Expression parsed;
    try {
      parsed = CCJSqlParserUtil.parseCondExpression(expression, false, p -> {
        p.withBackslashEscapeCharacter(engine.equals("mariadb"));
        p.withSquareBracketQuotation(engine.equals("sqlite") || engine.equals("sqlserver"));
      });
    } catch (Exception | Error e) {
      throw new Untranslatable("its condition does not parse as one SQL expression");
    }
    while (parsed instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      parsed = list.get(0);
    }
    return "(" + new CheckExpression(table, engine, d, q).render(parsed) + ")";
  }

  private String render(Expression e) throws Untranslatable {
    if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      // parentheses around one term (PostgreSQL writes (column)::text) say nothing
      Expression inner = list.get(0);
      boolean term = inner instanceof net.sf.jsqlparser.schema.Column
          || inner instanceof Function || inner instanceof CastExpression
          || inner instanceof ParenthesedExpressionList<?> || inner instanceof LongValue
          || inner instanceof StringValue || inner instanceof DoubleValue;
      return term ? render(inner) : "(" + render(inner) + ")";
    } else if (e instanceof AndExpression a) {
      return binary(a, " AND ");
    } else if (e instanceof OrExpression o) {
      return binary(o, " OR ");
    } else if (e instanceof NotExpression n) {
      return "NOT " + render(n.getExpression());
    } else if (e instanceof EqualsTo eq) {
      return eq.getRightExpression() instanceof Function f && anyOf(f) != null
          ? render(eq.getLeftExpression()) + " IN " + list(anyOf(f), "ANY")
          : binary(eq, " = ");
    } else if (e instanceof NotEqualsTo ne) {
      return ne.getRightExpression() instanceof Function f && allOf(f) != null
          ? render(ne.getLeftExpression()) + " NOT IN " + list(allOf(f), "ALL")
          : binary(ne, " <> ");
    } else if (e instanceof GreaterThan g) {
      return binary(g, " > ");
    } else if (e instanceof GreaterThanEquals g) {
      return binary(g, " >= ");
    } else if (e instanceof MinorThan m) {
      return binary(m, " < ");
    } else if (e instanceof MinorThanEquals m) {
      return binary(m, " <= ");
    } else if (e instanceof Addition a) {
      return binary(a, " + ");
    } else if (e instanceof Subtraction s) {
      return binary(s, " - ");
    } else if (e instanceof Multiplication m) {
      return binary(m, " * ");
    } else if (e instanceof SignedExpression s && (s.getSign() == '-' || s.getSign() == '+')) {
      return s.getSign() + render(s.getExpression());
    } else if (e instanceof IsNullExpression n && !n.isUseIsNull() && !n.isUseNotNull()) {
      return render(n.getLeftExpression()) + (n.isNot() ? " IS NOT NULL" : " IS NULL");
    } else if (e instanceof Between b && !b.isUsingSymmetric() && !b.isUsingAsymmetric()) {
      return render(b.getLeftExpression()) + (b.isNot() ? " NOT BETWEEN " : " BETWEEN ")
          + render(b.getBetweenExpressionStart()) + " AND " + render(b.getBetweenExpressionEnd());
    } else if (e instanceof InExpression in && !in.isGlobal()
        && in.getRightExpression() instanceof ExpressionList<?> values) {
      return render(in.getLeftExpression()) + (in.isNot() ? " NOT IN " : " IN ")
          + list(values, "IN");
    } else if (e instanceof LikeExpression like) {
      return like(like);
    } else if (e instanceof net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator r
        && engine.equals("postgres") && r.getRightExpression() instanceof SignedExpression s
        && s.getSign() == '~') {
      // PostgreSQL writes LIKE as ~~ (and NOT LIKE as !~~), which JSqlParser reads as ~ ~x
      boolean not = r.getOperatorType() == net.sf.jsqlparser.expression.operators.relational
          .RegExpMatchOperatorType.NOT_MATCH_CASESENSITIVE;
      if (!not && r.getOperatorType() != net.sf.jsqlparser.expression.operators.relational
          .RegExpMatchOperatorType.MATCH_CASESENSITIVE) {
        throw new Untranslatable("its ILIKE does not compare alike on " + d.name());
      }
      return like(r.getLeftExpression(), s.getExpression(), not, "LIKE");
    } else if (e instanceof CastExpression cast) {
      return cast(cast);
    } else if (e instanceof Function f) {
      return function(f);
    } else if (e instanceof net.sf.jsqlparser.schema.Column c) {
      return column(c);
    }
    return literal(e);
  }

  private String binary(BinaryExpression b, String operator) throws Untranslatable {
    return render(b.getLeftExpression()) + operator + render(b.getRightExpression());
  }

  /** {@code (a, b, ...)} of literals only. */
  private String list(ExpressionList<?> values, String what) throws Untranslatable {
    List<String> out = new ArrayList<>();
    for (Expression v : values) {
      out.add(literal(unwrap(v)));
    }
    if (out.isEmpty()) {
      throw new Untranslatable("its " + what + " list is empty");
    }
    return "(" + String.join(", ", out) + ")";
  }

  /** PostgreSQL's {@code = ANY (ARRAY[...])}, as it writes {@code IN (...)}: the array. */
  private ExpressionList<?> anyOf(Function f) {
    return f.getName().equalsIgnoreCase("ANY") ? array(f) : null;
  }

  /** PostgreSQL's {@code <> ALL (ARRAY[...])}, as it writes {@code NOT IN (...)}. */
  private ExpressionList<?> allOf(Function f) {
    return f.getName().equalsIgnoreCase("ALL") ? array(f) : null;
  }

  private ExpressionList<?> array(Function f) {
    if (f.getParameters() == null || f.getParameters().size() != 1) {
      return null;
    }
    Expression inner = unwrap(f.getParameters().get(0));
    return inner instanceof ArrayConstructor a && a.getExpressions() != null
        ? a.getExpressions() : null;
  }

  /** Without parentheses and the casts {@link #PLAIN_CASTS} (or to an array of them). */
  private Expression unwrap(Expression e) {
    if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      return unwrap(list.get(0));
    }
    if (e instanceof CastExpression cast && plain(cast.getColDataType().getDataType()
        .replace("[]", ""))) {
      return unwrap(cast.getLeftExpression());
    }
    return e;
  }

  private String like(LikeExpression like) throws Untranslatable {
    if (like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE || like.getEscape() != null
        || like.isUseBinary()) {
      throw new Untranslatable("its " + like.getLikeKeyWord() + " does not compare alike on "
          + d.name());
    }
    return like(like.getLeftExpression(), like.getRightExpression(), like.isNot(), "LIKE");
  }

  private String like(Expression left, Expression pattern, boolean not, String what)
      throws Untranslatable {
    // SQLite's LIKE ignores case, MariaDB compares by the column's collation: elsewhere it does
    // not, so a LIKE means the same only between PostgreSQL and H2 (and SQL Server's DDL)
    if (Set.of("mariadb", "sqlite").contains(engine)
        || Set.of("mysql", "sqlite").contains(d.name())) {
      throw new Untranslatable("its " + what + " does not compare alike on " + d.name());
    }
    return render(left) + (not ? " NOT LIKE " : " LIKE ") + render(pattern);
  }

  private String cast(CastExpression cast) throws Untranslatable {
    String type = cast.getColDataType().getDataType();
    if (!plain(type)) {
      throw new Untranslatable("it casts to " + type + ", which ferry does not translate");
    }
    return render(cast.getLeftExpression());
  }

  private static boolean plain(String type) {
    return PLAIN_CASTS.contains(type.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")
        .replaceAll("\\s*\\(.*\\)$", ""));
  }

  private String function(Function f) throws Untranslatable {
    String name = f.getName() == null ? "" : f.getName().toLowerCase(Locale.ROOT);
    ExpressionList<?> args = f.getParameters();
    if (f.isDistinct() || f.isAllColumns() || f.getNamedParameters() != null
        || f.getKeep() != null || args == null || args.size() != 1 || f.getMultipartName()
            .size() != 1) {
      throw new Untranslatable("its function " + f.getName() + " is not portable");
    }
    String arg = render(args.get(0));
    boolean characters = name.equals("char_length") || name.equals("character_length")
        || name.equals("length") && !engine.equals("mariadb") && !engine.equals("sqlserver");
    if (characters) {
      return switch (d.name()) {
        case "sqlite" -> "length(" + arg + ")";
        case "sqlserver" -> throw new Untranslatable("sqlserver's LEN ignores trailing spaces");
        default -> "CHAR_LENGTH(" + arg + ")";
      };
    }
    if (name.equals("lower") || name.equals("upper") || name.equals("abs")) {
      return name.toUpperCase(Locale.ROOT) + "(" + arg + ")";
    }
    throw new Untranslatable("its function " + f.getName() + " is not portable");
  }

  /** One of the table's own columns, by its exact name, else the only one ignoring case. */
  private String column(net.sf.jsqlparser.schema.Column c) throws Untranslatable {
    if (c.getTable() != null && c.getTable().getName() != null) {
      throw new Untranslatable("it names " + c.getFullyQualifiedName() + ", not a column of"
          + " its own table alone");
    }
    String raw = c.getColumnName();
    String name = unquote(raw);
    Column exact = table.column(name).orElse(null);
    if (exact == null && name.equals(raw)) {
      List<Column> loose = table.columns().stream()
          .filter(col -> col.name().equalsIgnoreCase(name)).toList();
      exact = loose.size() == 1 ? loose.get(0) : null;
    }
    if (exact == null) {
      if (name.equals(raw) && Set.of("true", "false").contains(name.toLowerCase(Locale.ROOT))) {
        return name.equalsIgnoreCase("true") ? d.trueLiteral() : d.falseLiteral();
      }
      throw new Untranslatable("it names " + raw + ", which is no column of its table");
    }
    return q.quoteForFile(exact.name());
  }

  private String unquote(String raw) {
    if (raw.length() >= 2) {
      char open = raw.charAt(0);
      char close = raw.charAt(raw.length() - 1);
      if (open == '"' && close == '"' || open == '`' && close == '`') {
        String body = raw.substring(1, raw.length() - 1);
        return body.replace(String.valueOf(open) + open, String.valueOf(open));
      }
      if (open == '[' && close == ']') {
        return raw.substring(1, raw.length() - 1).replace("]]", "]");
      }
    }
    return raw;
  }

  /** A number, string, boolean or NULL, written as the target's literal. */
  private String literal(Expression e) throws Untranslatable {
    if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      return literal(list.get(0));
    } else if (e instanceof CastExpression cast) {
      cast(cast);
      return literal(cast.getLeftExpression());
    } else if (e instanceof SignedExpression s && s.getSign() == '-') {
      return "-" + literal(s.getExpression());
    } else if (e instanceof LongValue n && n.getStringValue().matches("[0-9]+")) {
      return n.getStringValue();
    } else if (e instanceof DoubleValue n) {
      return new java.math.BigDecimal(n.toString()).toPlainString();
    } else if (e instanceof StringValue s && (s.getPrefix() == null || s.getPrefix().isEmpty())) {
      return d.string(text(s.getValue()));
    } else if (e instanceof BooleanValue b) {
      return b.getValue() ? d.trueLiteral() : d.falseLiteral();
    } else if (e instanceof NullValue) {
      return "NULL";
    } else if (e instanceof net.sf.jsqlparser.schema.Column c) {
      return column(c);
    }
    throw new Untranslatable("it uses " + e.getClass().getSimpleName().replaceAll(
        "([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT) + ", which ferry does not"
        + " translate");
  }

  /** A string literal's text: quotes doubled in every engine, backslash escapes in MariaDB's. */
  private String text(String body) {
    StringBuilder out = new StringBuilder();
    boolean escapes = engine.equals("mariadb");
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
        out.append('\'');
        i++;
      } else if (c != '\\' || !escapes || i + 1 == body.length()) {
        out.append(c);
      } else {
        char next = body.charAt(++i);
        switch (next) {
          case '0' -> out.append('\0');
          case 'b' -> out.append('\b');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'Z' -> out.append('\u001a');
          case '%', '_' -> out.append('\\').append(next);
          default -> out.append(next);
        }
      }
    }
    return out.toString();
  }
}

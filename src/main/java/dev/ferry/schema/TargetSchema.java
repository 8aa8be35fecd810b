package dev.ferry.schema;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The target's tables for {@code copy --create-schema}: the DDL {@code ferry schema} writes for
 * the target's engine (the same statements, one code path), what refuses it before anything is
 * written, and running it. Tables, enum types and primary keys are created before the data,
 * unique constraints, indexes, checks and foreign keys after it ({@link #createForeignKeys});
 * a table the target already has is kept when it matches (on {@code --resume}, or with {@link
 * Mode#REUSE}).
 */
public final class TargetSchema {

  /** What to do with a table of the source that the target already has. */
  public enum Mode {
    /** Refuse: the target must hold none of the tables (except those of a resumed run). */
    NEW,
    /** Keep it when it has the source's columns and primary key; refuse it with a diff else. */
    REUSE
  }

  private final DdlWriter.Ddl ddl;
  private final Dialect dialect;
  private final Map<TableName, Table> source = new HashMap<>();
  private final Set<String> createdTypes = new TreeSet<>();
  private final List<String> unwritten;
  /** Whether primary keys are added after the load where the DDL can ({@link #keysAfterLoad}). */
  private boolean keysAfterLoad;

  private TargetSchema(DdlWriter.Ddl ddl, Dialect dialect, Catalog catalog,
      List<String> unwritten) {
    this.ddl = ddl;
    this.unwritten = List.copyOf(unwritten);
    this.dialect = dialect;
    catalog.tables().forEach(t -> source.put(t.name(), t));
  }

  /**
   * The DDL of the source's tables for the target's engine.
   *
   * @param labels each enum column's labels, by table and column
   * @throws dev.ferry.error.FerryException code INPUT for a type ferry cannot map or a name no
   *     DDL can hold, as {@code ferry schema} refuses them
   */
  public static TargetSchema of(Catalog source, Map<TableName, Map<String, List<String>>> labels,
      Dialect target) {
    return of(source, labels, target, Casts.NONE);
  }

  /** The DDL with the cast rules, every unique key but a keyless table's after the load. */
  public static TargetSchema of(Catalog source, Map<TableName, Map<String, List<String>>> labels,
      Dialect target, Casts casts) {
    return of(source, labels, target, casts, Map.of(), (t, u) -> false);
  }

  /**
   * The same, noting the column clauses the catalog does not carry and the DDL leaves out
   * (MariaDB's {@code ON UPDATE CURRENT_TIMESTAMP}) as {@code ferry schema} notes them.
   *
   * @param unwritten by table and column, the clause left out
   * @param keep the unique keys the load relies on (a {@code keys: match} table's natural key),
   *     kept in {@code CREATE TABLE}; the others come after the load
   */
  public static TargetSchema of(Catalog source, Map<TableName, Map<String, List<String>>> labels,
      Dialect target, Casts casts, Map<TableName, Map<String, String>> unwritten,
      BiPredicate<Table, UniqueKey> keep) {
    TargetDialect d = TargetDialect.of(target.id());
    return new TargetSchema(SchemaWriter.ddl(source, labels, d, casts, keep), target, source,
        SchemaWriter.unwrittenNotes(unwritten, d));
  }

  /**
   * The DDL of a bundle's tables from its manifest's catalog; enum and set columns whose labels
   * it lacks (an older ferry's export) are refused, naming them, rather than guessed; cast
   * rules and the unique keys kept with the tables as {@link #of}.
   * @throws dev.ferry.error.FerryException code INPUT for such a column, or as {@link #of}
   */
  public static TargetSchema ofBundle(Catalog source, Dialect target, Casts casts,
      BiPredicate<Table, UniqueKey> keep) {
    List<String> unlabelled = new ArrayList<>();
    Map<TableName, Map<String, List<String>>> labels = source.enumLabels();
    for (Table t : source.tables()) {
      for (Column c : t.columns()) {
        SourceType st = SourceTypes.resolve(source.engine(), c,
            t.enumLabels().getOrDefault(c.name(), List.of()));
        if (casts.typeRule(t, c) != null) {
          continue;
        }
        if (st == null && source.engine().equals("postgres") || st != null
            && (st.type() == PortableType.ENUM || st.type() == PortableType.SET)
            && st.labels().isEmpty()) {
          unlabelled.add(t.name() + "." + c.name() + " (" + c.type() + ")");
        }
      }
    }
    if (!unlabelled.isEmpty()) {
      throw new FerryException(ErrorCode.INPUT, "--create-schema cannot create the tables of "
          + String.join(", ", unlabelled) + " from a bundle: its manifest carries the catalog"
          + " but not the labels of enum and set columns (an earlier ferry's export lacks them:"
          + " export again), or the type is one ferry does not map. Nothing was written. Create those tables yourself and add"
          + " --create-schema=reuse, cast them to text (a rule in ferry.yaml's casts:), or leave"
          + " them out (--exclude).");
    }
    return of(source, labels, target, casts, Map.of(), keep);
  }

  /**
   * Creates the tables without their primary keys where the target can add them after the load
   * (PostgreSQL), and adds them then, first of what the load leaves for after it: a load that
   * relies on the target's keys (a merge, a remap) keeps them in {@code CREATE TABLE}.
   */
  public TargetSchema keysAfterLoad() {
    keysAfterLoad = true;
    return this;
  }

  /** Whether the table is created without its primary key, which comes after the load. */
  private boolean keyWaits(DdlWriter.TableDdl t) {
    return keysAfterLoad && t.keyless() != null;
  }

  /**
   * The target's tables in the schema (or database) the session works in: where the tables are
   * created. An empty one is no error here.
   */
  public static Catalog readTarget(Connection c, Dialect dialect) throws SQLException {
    try {
      return new CatalogReader(c, dialect).read(List.of(), TableFilter.all(), false);
    } catch (FerryException e) {
      if (e.code() != ErrorCode.INPUT) {
        throw e;
      }
      // no table there (the normal case), or no schema: the privilege check says which
      return new Catalog(Catalog.FORMAT_VERSION, dialect.id(), "", List.of(), TableFilter.all(),
          List.of(), "");
    }
  }

  /** Every decision that lost something, as {@code schema-notes.txt} lists them. */
  public List<String> notes() {
    return ddl.notes();
  }

  /**
   * What the DDL leaves out of a column because the catalog does not carry it (MariaDB's {@code
   * ON UPDATE CURRENT_TIMESTAMP}): a change of behaviour the run report lists.
   */
  public List<String> unwrittenNotes() {
    return unwritten;
  }

  /** Tables the DDL creates. */
  public int tableCount() {
    return ddl.tableCount();
  }

  /**
   * What refuses the creation before anything is written: a table the target already has (under
   * {@link Mode#NEW}, unless {@code resume}), one that does not match (listed with its
   * differences), and on PostgreSQL a login without CREATE on the schema it works in.
   *
   * @param target the target's catalog, of the schema the session works in
   */
  public List<String> problems(Connection c, Catalog target, Mode mode, boolean resume)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    List<String> present = new ArrayList<>();
    for (DdlWriter.TableDdl t : ddl.statements().tables()) {
      Table existing = find(target, t.table());
      if (existing == null) {
        continue;
      }
      present.add(existing.name().name());
      List<String> diff = TableDifferences.of(source.get(t.table()), existing,
          resume && keyWaits(t) && existing.primaryKey() == null);
      if ((mode == Mode.REUSE || resume) && !diff.isEmpty()) {
        problems.add("--create-schema: the target's table " + existing.name() + " exists but does"
            + " not match the source's " + t.table() + ": " + String.join("; ", diff) + ". Drop"
            + " or fix it, or leave the table out (--exclude).");
      }
    }
    if (mode == Mode.NEW && !resume && !present.isEmpty()) {
      problems.add("--create-schema: the target already holds " + present.size() + " of the "
          + ddl.tableCount() + " tables (" + String.join(", ", present.stream().limit(10)
              .toList()) + (present.size() > 10 ? ", ..." : "") + "). Copy into an empty"
          + " database or schema, drop them, or add --create-schema=reuse to keep the tables"
          + " that match the source.");
    }
    if (dialect.id().equals("postgres") && present.size() < ddl.tableCount()) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT"
          + " current_schema(), current_user, has_schema_privilege(current_schema(), 'CREATE')")) {
        rs.next();
        if (rs.getString(1) == null) {
          problems.add("--create-schema: the target login has no schema to create tables in"
              + " (its search_path names none that exists). Create one it owns, or set its"
              + " search_path.");
        } else if (!rs.getBoolean(3)) {
          problems.add("--create-schema: the login " + rs.getString(2) + " may not create tables"
              + " in the schema " + rs.getString(1) + ". As its owner or a superuser, run: GRANT"
              + " CREATE ON SCHEMA " + dialect.quote(rs.getString(1)) + " TO "
              + dialect.quote(rs.getString(2)));
        }
      }
    }
    return problems;
  }

  /**
   * Creates the enum types and tables (with the keys the load relies on) the target lacks: on
   * PostgreSQL and SQLite in one transaction (all or nothing); on MariaDB and H2 statement by
   * statement (one {@code CREATE TABLE} is atomic, so a resume finds whole tables and creates
   * the missing ones). Foreign keys come after the load ({@link #createForeignKeys}), except on
   * SQLite, which cannot add one to a table: there they are inside {@code CREATE TABLE}.
   *
   * @param target the target's catalog, read before
   * @return the tables created now, in the order they were created
   */
  public List<TableName> create(Connection c, Catalog target) throws SQLException {
    boolean transactional = dialect.id().equals("postgres") || dialect.id().equals("sqlite");
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(!transactional);
    List<TableName> created = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      for (Map.Entry<String, String> type : ddl.statements().types().entrySet()) {
        if (!typeExists(c, type.getKey())) {
          s.execute(type.getValue());
          createdTypes.add(type.getKey());
        }
      }
      for (DdlWriter.TableDdl t : ddl.statements().tables()) {
        if (find(target, t.table()) == null) {
          s.execute(keyWaits(t) ? t.keyless() : t.sql());
          created.add(t.table());
        }
      }
      CommentDdl.run(ddl.statements().comments(), created, s);
      if (transactional) {
        c.commit();
      }
    } catch (SQLException e) {
      if (transactional) {
        c.rollback();
        created.clear();
        createdTypes.clear();
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
    return created;
  }

  /** {@code sha256:} over every statement this schema runs, before and after the load. */
  public String fingerprint() {
    return AfterLoadKeys.fingerprint(ddl);
  }

  /**
   * The target's catalog as the load sees it: without the foreign keys created after it, so
   * that a plan made before them, between them and after them is the same plan.
   */
  public Catalog beforeLoad(Catalog target) {
    return AfterLoadKeys.beforeLoad(ddl, target, waitingKeys());
  }

  /**
   * Creates after the load the unique constraints, secondary indexes, check constraints and
   * foreign keys the target lacks, in that order, each checked against every loaded row (on
   * PostgreSQL in the caller's transaction); returns them as {@code table.name}. Throws a {@link
   * FerryException} of code VERIFICATION_FAILED for a key the rows break.
   */
  public List<String> createForeignKeys(Connection c) throws SQLException {
    return AfterLoadKeys.create(ddl, dialect, c);
  }

  /** Each source foreign key ({@code schema.table.constraint}) to the name it is created as. */
  public Map<String, String> keysBySource() {
    return AfterLoadKeys.bySource(ddl);
  }

  /**
   * Builds after the load the unique constraints, then the indexes, the target lacks: on
   * PostgreSQL different tables' on up to {@code parallel} connections, each committed by
   * itself; elsewhere none ({@link #createForeignKeys} does). Returns them as {@code table.name}.
   */
  public List<String> createIndexes(IndexOpener opener, int parallel) throws SQLException {
    if (!dialect.id().equals("postgres")) {
      return List.of();
    }
    return AfterLoadKeys.buildOutside(ddl, dialect, opener::open, parallel, waitingKeys());
  }

  /** The tables created without their primary keys: each one's {@code ADD PRIMARY KEY}. */
  private List<DdlWriter.TableDdl> waitingKeys() {
    return ddl.statements().tables().stream().filter(this::keyWaits).toList();
  }

  /**
   * The builds of each table's keys and indexes as soon as it is loaded ({@link EarlyBuilds}), on
   * PostgreSQL: of every table under {@link Mode#NEW} (all ferry's own, a resume's too), else of
   * those this attempt {@code created}; elsewhere none.
   */
  public EarlyBuilds earlyBuilds(Mode mode, List<TableName> created, IndexOpener opener) {
    Set<String> names = new java.util.HashSet<>();
    if (dialect.id().equals("postgres")) {
      (mode == Mode.NEW ? ddl.statements().tables().stream().map(DdlWriter.TableDdl::table)
          .toList() : created).forEach(t -> names.add(t.name()));
    }
    return new EarlyBuilds(ddl, waitingKeys(), names, opener::open);
  }

  /** Opens a connection to the target for building indexes. */
  @FunctionalInterface
  public interface IndexOpener {
    Connection open() throws SQLException;
  }

  /**
   * Drops tables (and the enum types) this run created, when the copy was refused after them,
   * so that a refusal leaves the target as it found it.
   */
  public void drop(Connection c, List<TableName> created) throws SQLException {
    if (created.isEmpty()) {
      return;
    }
    try (Statement s = c.createStatement()) {
      boolean mariadb = dialect.id().equals("mariadb");
      if (mariadb) {
        s.execute("SET SESSION foreign_key_checks = 0");
      }
      List<TableName> reversed = new ArrayList<>(created);
      java.util.Collections.reverse(reversed);
      for (TableName t : reversed) {
        s.execute("DROP TABLE " + dialect.quote(t.name())
            + (dialect.id().equals("postgres") ? " CASCADE" : ""));
      }
      for (String type : createdTypes) {
        s.execute("DROP TYPE " + dialect.quote(type));
      }
      if (mariadb) {
        s.execute("SET SESSION foreign_key_checks = 1");
      }
    }
  }

  /** The target's table of that name (exactly, else ignoring case), or null. */
  private static Table find(Catalog target, TableName name) {
    Table loose = null;
    for (Table t : target.tables()) {
      if (Table.VIEW.equals(t.kind())) {
        continue;
      }
      if (t.name().name().equals(name.name())) {
        return t;
      }
      if (t.name().name().equalsIgnoreCase(name.name())) {
        loose = t;
      }
    }
    return loose;
  }

  /** Whether an enum type of that name is in the schema the session works in (PostgreSQL). */
  private boolean typeExists(Connection c, String name) throws SQLException {
    if (!dialect.id().equals("postgres")) {
      return false;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_type t JOIN pg_namespace n"
        + " ON n.oid = t.typnamespace WHERE t.typname = ? AND n.nspname = current_schema()")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}

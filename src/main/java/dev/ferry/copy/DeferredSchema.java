package dev.ferry.copy;

import dev.ferry.catalog.Catalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What {@code --create-schema} creates after the load rather than before it (PostgreSQL's
 * primary keys, unique constraints, indexes, checks, foreign keys), so that the load needs no
 * order and no key is checked or maintained row by row. The copy plans against the
 * target as the load sees it ({@link #beforeLoad}), whatever part of the rest a killed run had
 * created already, and records in its state when {@link #create} is done, so that a resume runs
 * it exactly once. Its {@link #notes} go into the run report.
 */
public interface DeferredSchema {

  /** Nothing left for after the load: an ordinary copy. */
  DeferredSchema NONE = new DeferredSchema() {
    @Override
    public String fingerprint() {
      return null;
    }

    @Override
    public Catalog beforeLoad(Catalog target) {
      return target;
    }

    @Override
    public List<String> create(Connection c) {
      return List.of();
    }
  };

  /** {@code sha256:} over the planned schema (every statement, before and after the load). */
  String fingerprint();

  /**
   * The target's catalog without what this schema creates after the load: the tables as the
   * load sees them, the same before the keys, between them and after them.
   */
  Catalog beforeLoad(Catalog target);

  /**
   * Creates, validated, what the target lacks of the after-load part and returns its names. Runs
   * on {@code c} with auto-commit off: on an engine with transactional DDL the caller commits it
   * with the record that it is done; elsewhere each statement stands alone, and a resume creates
   * only what is still missing.
   *
   * @throws SQLException when a statement fails, for example a key that rows violate
   */
  List<String> create(Connection c) throws SQLException;

  /**
   * Builds, before {@link #create}, what may be built outside its transaction on connections of
   * its own (PostgreSQL's secondary indexes, each committed by itself, so that a kill keeps those
   * built). Default: nothing.
   *
   * @return the names built
   */
  default List<String> createOutside() throws SQLException {
    return List.of();
  }

  /**
   * Called as the last step that writes a table completes, with the table's target name, on the
   * thread that runs the steps: may start building what belongs to that table alone (its keys
   * and indexes) on a connection of its own while the other tables load; {@link #createOutside}
   * waits for it. Default: nothing.
   */
  default void tableLoaded(dev.ferry.catalog.TableName table) {}

  /**
   * The source's foreign keys (by {@link dev.ferry.catalog.LoadOrder.Edge#id}) that {@link
   * #create} creates checked against every loaded row, each to the name {@link #create} returns
   * for it: such a key, once created, has proven its rows as an orphan check would, so the load
   * runs none for it. Default: none.
   */
  default java.util.Map<String, String> keysBySource() {
    return java.util.Map.of();
  }

  /**
   * What the created schema leaves out that changes behaviour (MariaDB's {@code ON UPDATE
   * CURRENT_TIMESTAMP}), for the run report's notes. Default: nothing.
   */
  default List<String> notes() {
    return List.of();
  }
}

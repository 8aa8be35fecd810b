package dev.ferry.copy;

import dev.ferry.dialect.Dialect;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run's checkpoints back from ferry's state tables on a database target, each unit's
 * last key decoded by the kinds of its key columns; also from the state tables of an earlier
 * ferry, which lack the columns that record the source.
 */
final class CheckpointReader {

  private CheckpointReader() {}

  /**
   * The checkpoints of {@code run} by unit; none when the target has no state tables yet.
   *
   * @param keyKinds per unit, the kinds of its key columns
   */
  static Map<String, Checkpoint> read(JdbcTarget target, StateStore state,
      Map<String, List<ValueKind>> keyKinds, String run) {
    Connection control = target.control();
    Map<String, Object[]> raw;
    try {
      raw = state.exists(control) ? state.checkpoints(control, run) : Map.of();
    } catch (SQLException e) {
      // state tables of an earlier ferry, without the source columns: no record to check against
      raw = legacyCheckpoints(target, state, run);
    }
    Map<String, Checkpoint> result = new HashMap<>();
    raw.forEach((unit, r) -> result.put(unit, new Checkpoint(unit,
        KeyCodec.decode((String) r[0], keyKinds.getOrDefault(unit, List.of())),
        (long) r[1], (long) r[2], (boolean) r[3], (long) r[4], (String) r[5])));
    return result;
  }

  private static Map<String, Object[]> legacyCheckpoints(JdbcTarget target,
      StateStore state, String run) {
    Dialect dialect = target.dialect();
    Connection control = target.control();
    Map<String, Object[]> raw = new HashMap<>();
    String sql = "SELECT " + dialect.quote("unit") + ", " + dialect.quote("last_key") + ", "
        + dialect.quote("rows_written") + ", " + dialect.quote("rows_before") + ", "
        + dialect.quote("done") + " FROM " + dialect.qualify(state.tables().get(1)) + " WHERE "
        + dialect.quote("run_id") + " = ?";
    try (var ps = control.prepareStatement(sql)) {
      ps.setString(1, run);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          raw.put(rs.getString(1), new Object[] {rs.getString(2), rs.getLong(3), rs.getLong(4),
              rs.getInt(5) == 1, -1L, null});
        }
      }
    } catch (SQLException e) {
      throw target.failure("reading ferry's checkpoints", e);
    }
    return raw;
  }
}

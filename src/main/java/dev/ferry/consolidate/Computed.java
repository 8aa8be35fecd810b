package dev.ferry.consolidate;

import dev.ferry.catalog.Column;
import dev.ferry.rows.KeyCodec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A column ferry computes for a tenant's rows (docs/consolidate.md): a constant (the tenant
 * column holds the tenant id; {@code constant:} any value), or a UUID derived from the row's
 * legacy key ({@code uuid-from-key}).
 *
 * @param constant the value of every row: a {@link Long} for a whole number, else text; null
 *     for a UUID from the key
 * @param tenant the tenant id, part of a derived UUID's name
 */
record Computed(Object constant, String tenant) {

  /**
   * The namespace of ferry's derived UUIDs (RFC 4122's URL namespace): {@code uuid-from-key}
   * is the version 5 UUID of the name {@code tenant/table/key}, which anyone can recompute.
   */
  static final UUID NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

  /** Every row the same value: a whole number as an integer, anything else as text. */
  static Computed constant(String value) {
    return new Computed(integer(value) ? (Object) Long.valueOf(value) : value, null);
  }

  /** A UUID per row, from the tenant, the table and the row's legacy key. */
  static Computed uuidFromKey(String tenant) {
    return new Computed(null, tenant);
  }

  /** The column as the tenant's source catalog shows it. */
  Column column(String name) {
    if (constant instanceof Long) {
      return new Column(name, "bigint", "BIGINT", 19, 0, false, null, Column.SUPPLIED);
    }
    if (constant != null) {
      return new Column(name, "varchar", "VARCHAR", Math.max(1, constant.toString().length()),
          null, false, null, Column.SUPPLIED);
    }
    return new Column(name, "uuid", "OTHER", null, null, false, null, Column.SUPPLIED);
  }

  /** The value for a row whose key columns sit at {@code key}. */
  Object value(String table, Object[] row, int[] key) {
    if (constant != null) {
      return constant;
    }
    String text;
    if (key.length == 1) {
      text = keyText(row[key[0]]);
    } else {
      // a JSON array of the columns' texts: a comma inside a value cannot make two keys alike
      Object[] values = new Object[key.length];
      for (int i = 0; i < key.length; i++) {
        Object v = row[key[i]];
        values[i] = v instanceof byte[] || v instanceof BigDecimal ? keyText(v) : v;
      }
      text = KeyCodec.encode(values);
    }
    return uuid(tenant + "/" + table + "/" + text);
  }

  /** A key column's text: a decimal in plain notation, bytes in lower-case hex. */
  private static String keyText(Object value) {
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
  }

  /** The version 5 (SHA-1, name-based) UUID of a name in {@link #NAMESPACE}. */
  static UUID uuid(String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
          .putLong(NAMESPACE.getLeastSignificantBits()).array());
      byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(b.getLong(), b.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }

  private static boolean integer(String value) {
    return value != null && value.matches("-?[0-9]{1,18}");
  }
}

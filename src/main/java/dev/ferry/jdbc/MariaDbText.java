package dev.ferry.jdbc;

import dev.ferry.rows.ServerText;
import java.sql.SQLDataException;
import java.util.Calendar;
import java.util.EnumSet;
import java.util.Set;
import org.mariadb.jdbc.client.ColumnDecoder;
import org.mariadb.jdbc.client.Context;
import org.mariadb.jdbc.client.DataType;
import org.mariadb.jdbc.client.ReadableByteBuf;
import org.mariadb.jdbc.client.socket.Writer;
import org.mariadb.jdbc.client.util.MutableInt;
import org.mariadb.jdbc.plugin.Codec;

/**
 * A codec plugin for MariaDB Connector/J (registered in {@code META-INF/services}): {@code
 * getObject(i, ServerText.class)} hands over the server's text of an integer, decimal, date or
 * datetime column as it arrived, in one copy, without the driver parsing it into an object that
 * a verifier would only print again. Other columns, the binary protocol (server-side prepared
 * statements) and datetimes the driver would shift between time zones ({@code
 * preserveInstants}) are refused with an {@link SQLDataException}; the caller reads those values
 * as usual.
 *
 * <p>MariaDB's text of these types is {@link ServerText}'s plain form of their kind, except for
 * zero and invalid dates and zero-filled numbers, which {@link ServerText#plainMariaDb} tells
 * apart.
 */
public final class MariaDbText implements Codec<ServerText> {

  private static final Set<DataType> NUMBERS = EnumSet.of(DataType.TINYINT, DataType.SMALLINT,
      DataType.MEDIUMINT, DataType.INTEGER, DataType.BIGINT, DataType.DECIMAL,
      DataType.OLDDECIMAL);
  private static final Set<DataType> TEMPORALS = EnumSet.of(DataType.DATE, DataType.NEWDATE,
      DataType.DATETIME, DataType.TIMESTAMP);

  @Override
  public String className() {
    return ServerText.class.getName();
  }

  @Override
  public boolean canDecode(ColumnDecoder column, Class<?> type) {
    return type == ServerText.class
        && (NUMBERS.contains(column.getType()) || TEMPORALS.contains(column.getType()));
  }

  @Override
  public ServerText decodeText(ReadableByteBuf buffer, MutableInt length, ColumnDecoder column,
      Calendar cal, Context context) throws SQLDataException {
    if (TEMPORALS.contains(column.getType()) && (cal != null
        || context.getConf().preserveInstants())) {
      buffer.skip(length.get());
      throw new SQLDataException("the driver shifts these datetimes between time zones");
    }
    byte[] text = new byte[length.get()];
    buffer.readBytes(text);
    return new ServerText(text);
  }

  @Override
  public ServerText decodeBinary(ReadableByteBuf buffer, MutableInt length, ColumnDecoder column,
      Calendar cal, Context context) throws SQLDataException {
    buffer.skip(length.get());
    throw new SQLDataException("the binary protocol sends no text");
  }

  @Override
  public boolean canEncode(Object value) {
    return false;
  }

  @Override
  public void encodeText(Writer encoder, Context context, ServerText value, Calendar cal,
      Long length) {
    throw new UnsupportedOperationException("ServerText is read, never written");
  }

  @Override
  public int getApproximateTextProtocolLength(ServerText value, Long length) {
    return -1;
  }

  @Override
  public void encodeBinary(Writer encoder, Context context, ServerText value, Calendar cal,
      Long length) {
    throw new UnsupportedOperationException("ServerText is read, never written");
  }

  @Override
  public int getBinaryEncodeType() {
    return DataType.VARSTRING.get();
  }
}

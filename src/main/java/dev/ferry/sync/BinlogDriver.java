package dev.ferry.sync;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver of a MariaDB stream's Debezium connector (its {@code database.jdbc.driver}):
 * MySQL's driver, with the one statement that MariaDB spells otherwise rewritten. Debezium's
 * MySQL connector asks for the binlog's position with MySQL 8.4's {@code SHOW BINARY LOG
 * STATUS} whenever the server's version is 8.4 or later, which a MariaDB 11 reports; MariaDB
 * answers the same question as {@code SHOW MASTER STATUS}.
 */
public final class BinlogDriver implements Driver {

  private final Driver mysql = new com.mysql.cj.jdbc.Driver();

  /** Called by Debezium, by name. */
  public BinlogDriver() throws SQLException {}

  /** The statement as MariaDB takes it. */
  static String mariaDb(String sql) {
    return sql != null && sql.trim().equalsIgnoreCase("SHOW BINARY LOG STATUS")
        ? "SHOW MASTER STATUS" : sql;
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    Connection connection = mysql.connect(url, info);
    return connection == null ? null : (Connection) wrap(connection, Connection.class);
  }

  private static Object wrap(Object target, Class<?> type) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (args != null && args.length > 0 && args[0] instanceof String sql
          && (method.getName().startsWith("execute") || method.getName().startsWith("prepare")
          || method.getName().equals("addBatch"))) {
        args[0] = mariaDb(sql);
      }
      try {
        Object result = method.invoke(target, args);
        if (type == Connection.class && result instanceof Statement
            && method.getReturnType().isInterface()) {
          return wrap(result, method.getReturnType());
        }
        return result;
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return Proxy.newProxyInstance(BinlogDriver.class.getClassLoader(), new Class<?>[] {type},
        handler);
  }

  @Override
  public boolean acceptsURL(String url) throws SQLException {
    return mysql.acceptsURL(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    return mysql.getPropertyInfo(url, info);
  }

  @Override
  public int getMajorVersion() {
    return mysql.getMajorVersion();
  }

  @Override
  public int getMinorVersion() {
    return mysql.getMinorVersion();
  }

  @Override
  public boolean jdbcCompliant() {
    return mysql.jdbcCompliant();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return mysql.getParentLogger();
  }
}

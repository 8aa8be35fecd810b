package dev.ferry.copy;

import java.sql.Connection;

/** An H2 trigger that does nothing: H2 triggers are Java classes, tests only need one to exist. */
public final class H2NoOpTrigger implements org.h2.api.Trigger {

  @Override
  public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
    // nothing: the tests look at whether a load is allowed, not at what the trigger does
  }
}

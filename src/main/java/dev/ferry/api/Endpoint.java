package dev.ferry.api;

import java.nio.file.Path;

/**
 * Where a copy reads from or writes to: a database or a bundle directory; or, as a target only, a
 * directory of SQL scripts.
 */
public sealed interface Endpoint {

  /** The endpoint for messages and artifacts, credentials masked. */
  String describe();

  /** A database reached over JDBC. */
  record Database(ConnectionSpec spec) implements Endpoint {
    @Override
    public String describe() {
      return spec.describe();
    }
  }

  /** A bundle directory: {@code manifest.json} and one data file per table. */
  record Bundle(Path directory) implements Endpoint {
    @Override
    public String describe() {
      return "bundle " + directory;
    }
  }

  /**
   * A directory of numbered SQL INSERT scripts for someone else to run: a target only.
   *
   * @param directory where the scripts and their {@code manifest.json} go
   * @param format the target dialect and how statements, transactions and files are cut
   */
  record Script(Path directory, ScriptFormat format) implements Endpoint {
    @Override
    public String describe() {
      return format.dialect() + " scripts " + directory;
    }
  }
}

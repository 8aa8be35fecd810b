package dev.ferry.api;

import java.nio.file.Path;

/** Where a copy reads from or writes to: a database or a bundle directory. */
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
}

package dev.ferry.cli;

import dev.ferry.catalog.TableFilter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which schemas and tables a command works on. */
final class TableOptions {

  @Option(names = "--schema", split = ",", paramLabel = "NAME",
      description = "Schema (MariaDB: database) to read; repeatable. Default: the connection's.")
  List<String> schemas = new ArrayList<>();

  @Option(names = "--include", split = ",", paramLabel = "GLOB",
      description = "Only tables matching a glob (* and ?); 'sales.*' matches schema.table,"
          + " 'order_*' the table name in any schema. Repeatable.")
  List<String> include = new ArrayList<>();

  @Option(names = "--exclude", split = ",", paramLabel = "GLOB",
      description = "Leave out tables matching a glob. Repeatable.")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--views", description = "Read views as well as tables.")
  boolean views;

  TableFilter filter() {
    return new TableFilter(include, exclude, views);
  }
}

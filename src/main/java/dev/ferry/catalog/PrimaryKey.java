package dev.ferry.catalog;

import java.util.List;

/**
 * A primary key.
 *
 * @param name the constraint name (engines without names give a synthesised one)
 * @param columns the key's columns in key order
 */
public record PrimaryKey(String name, List<String> columns) {
  public PrimaryKey {
    columns = List.copyOf(columns);
  }
}

package dev.ferry.schema;

import java.util.List;

/**
 * A source column's type as {@link SourceTypes} read it.
 *
 * @param type what it means
 * @param size length of text or bytes, precision of a decimal; null when unbounded or not
 *     applicable
 * @param scale digits after the point of a decimal, fractional digits of a time; null if none
 * @param labels an enum's or set's labels in declared order; empty otherwise
 * @param declared the type as the source declared it, for notes ({@code INT UNSIGNED})
 */
record SourceType(PortableType type, Integer size, Integer scale, List<String> labels,
    String declared) {

  SourceType {
    labels = List.copyOf(labels);
  }
}

/**
 * The catalog of an endpoint (tables, columns, keys, foreign keys) read from live metadata, the
 * foreign-key graph, and the proven load order. Internal: no compatibility promise beyond the
 * documented JSON artifacts.
 */
package dev.ferry.catalog;

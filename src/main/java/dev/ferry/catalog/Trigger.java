package dev.ferry.catalog;

/**
 * A trigger or rewrite rule that fires when rows are written to a table. Loads must not let these
 * alter what they copy, so the catalog lists them.
 *
 * @param name the trigger's or rule's name
 * @param kind {@code trigger} or {@code rule} (PostgreSQL rewrite rules)
 * @param timing {@code BEFORE}, {@code AFTER}, {@code INSTEAD OF}, or null where unknown
 * @param events the events it fires on, e.g. {@code INSERT} or {@code INSERT,UPDATE}
 * @param enabled false when the engine reports it disabled
 */
public record Trigger(String name, String kind, String timing, String events, boolean enabled) {}

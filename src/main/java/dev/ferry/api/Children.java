package dev.ferry.api;

/**
 * A child table's {@code children:} setting (docs/merge.md, "Child tables").
 *
 * @param replace {@code replace}: target rows of the incoming parents whose key the source
 *     lacks are deleted; {@code append} (false): none is
 * @param parent which foreign key names the parent ({@code parent:}): the parent table's name,
 *     or the foreign key's columns joined by commas; null to take the only one
 * @param where where {@code children:} was given, for messages: {@code ferry.yaml:12}
 * @param parentWhere where {@code parent:} was given; null without it
 */
public record Children(boolean replace, String parent, String where, String parentWhere) {}

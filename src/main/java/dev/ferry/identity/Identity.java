package dev.ferry.identity;

import java.util.Map;

/**
 * One identity (user) of an inventory.
 *
 * @param key the key as canonical text (integers in decimal, UUIDs lower-case)
 * @param attributes the match columns' values (null when NULL), by column name
 */
public record Identity(String key, Map<String, String> attributes) {}

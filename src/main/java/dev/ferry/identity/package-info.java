/**
 * Identity remapping: the identity table's inventories on both sides, discovery of referenced
 * keys, matching by rules, the operator's user map (CSV), its validation, and the transformer
 * that rewrites every reference while rows stream. Internal: no compatibility promise beyond the
 * documented files.
 */
package dev.ferry.identity;

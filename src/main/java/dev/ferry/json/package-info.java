/**
 * Deterministic JSON for every artifact ferry writes: sorted keys, fixed number forms, the same
 * bytes for the same inputs. Imports only {@code error}.
 */
package dev.ferry.json;

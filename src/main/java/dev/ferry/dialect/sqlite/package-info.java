/** The sqlite dialect. Internal: no compatibility promise. */
package dev.ferry.dialect.sqlite;

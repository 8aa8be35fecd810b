/** The postgres dialect. Internal: no compatibility promise. */
package dev.ferry.dialect.postgres;

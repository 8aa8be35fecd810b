/** The h2 dialect. Internal: no compatibility promise. */
package dev.ferry.dialect.h2;

/** The sqlserver dialect. Internal: no compatibility promise. */
package dev.ferry.dialect.sqlserver;

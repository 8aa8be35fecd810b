/** The mariadb dialect. Internal: no compatibility promise. */
package dev.ferry.dialect.mariadb;

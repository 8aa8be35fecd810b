/**
 * Reading live databases through JDBC: {@link dev.ferry.jdbc.JdbcSource} streams a table's rows in
 * key order, by COPY text on PostgreSQL and by the driver elsewhere, with the engine-specific value
 * readers beside it. Used by copy, verify, identity and script alike.
 */
package dev.ferry.jdbc;

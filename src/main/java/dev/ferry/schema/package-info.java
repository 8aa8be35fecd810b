/**
 * {@code ferry schema}: the DDL that creates a source's tables in another engine. A source
 * column's type is first read as a {@link dev.ferry.schema.PortableType} ({@link
 * dev.ferry.schema.SourceTypes}, one table per source engine) and then spelt for the target
 * ({@link dev.ferry.schema.TargetTypes}, one table per target dialect); every step that loses
 * something leaves a note. {@link dev.ferry.schema.SchemaWriter} refuses before writing and
 * writes the files. Internal: no compatibility promise beyond the documented files.
 */
package dev.ferry.schema;

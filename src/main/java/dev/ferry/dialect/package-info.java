/**
 * Engine differences as data and capabilities: the {@link dev.ferry.dialect.Dialect} interface and
 * one sub-package per engine. Internal: no compatibility promise.
 */
package dev.ferry.dialect;

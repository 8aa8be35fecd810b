/**
 * ferry's public API: the {@link dev.ferry.Ferry} entry point, its request and result records,
 * and the one exception type. Everything outside this package is internal and carries no
 * compatibility promise.
 */
package dev.ferry.api;

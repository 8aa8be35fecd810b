/**
 * Endpoints: the configuration file, credentials, and opening connections with clear failures.
 * Internal: no compatibility promise.
 */
package dev.ferry.endpoint;

/**
 * Bundles: a directory snapshot of data ({@code manifest.json} and one JSON Lines file per table),
 * written by {@link dev.ferry.bundle.BundleTarget}, read by {@link
 * dev.ferry.bundle.BundleSource} and checked by {@link
 * dev.ferry.bundle.BundleVerifier}. The format is described in docs/bundle-format.md.
 * Internal: no compatibility promise for the Java types (the file format is versioned separately).
 */
package dev.ferry.bundle;

/**
 * Bundles: a directory snapshot of data ({@code manifest.json} and one JSON Lines file per table),
 * written by {@link dev.ferry.transfer.bundle.BundleTarget}, read by {@link
 * dev.ferry.transfer.bundle.BundleSource} and checked by {@link
 * dev.ferry.transfer.bundle.BundleVerifier}. The format is described in docs/bundle-format.md.
 * Internal: no compatibility promise for the Java types (the file format is versioned separately).
 */
package dev.ferry.transfer.bundle;

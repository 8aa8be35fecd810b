/**
 * Verification: the canonical encoding of values, checksums over it, fingerprints, source-to-target
 * parity that understands remapped references, orphan proofs, and differing rows located by key
 * through range checksums. Internal: no compatibility promise beyond the documented artifacts
 * ({@code verification.json}, fingerprints) and docs/verification.md.
 */
package dev.ferry.verify;

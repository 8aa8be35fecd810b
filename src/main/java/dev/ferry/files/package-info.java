/**
 * Files that rows point to (docs/files.md): the {@link dev.ferry.files.FileStore} seam (a local
 * directory tree, read and written; a {@code .tar} or {@code .tar.gz} archive, read only), the
 * one rule of which paths are safe ({@link dev.ferry.files.StorePath}), the streaming copy that
 * hashes and sizes a file on its way ({@link dev.ferry.files.DirectoryStore#stage}), and the
 * target's path template ({@link dev.ferry.files.PathTemplate}). Internal: no compatibility
 * promise.
 */
package dev.ferry.files;

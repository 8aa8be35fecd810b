/** The picocli command line. Internal: no compatibility promise beyond documented commands. */
package dev.ferry.cli;

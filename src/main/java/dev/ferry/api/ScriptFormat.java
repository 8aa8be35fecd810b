package dev.ferry.api;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.List;
import java.util.Locale;

/**
 * How SQL scripts are written. Build with {@link #builder(String)}; {@code build()} checks the
 * values against each other and the dialect's limits.
 *
 * @param dialect the target dialect: {@code postgres}, {@code mysql} (MySQL and MariaDB) or {@code
 *     sqlserver}
 * @param rowsPerInsert rows in one multi-row INSERT statement (SQL Server allows at most 1,000)
 * @param rowsPerFile rows after which a table continues in its next file
 * @param transactionPerFile true: one transaction per file; false: one per batch of {@code
 *     rowsPerTransaction} rows
 * @param rowsPerTransaction rows per transaction when {@code transactionPerFile} is false
 * @param targetSchema the schema to qualify tables with in the scripts; null for the source's
 *     schema where both engines have schemas, else none
 */
public record ScriptFormat(String dialect, int rowsPerInsert, long rowsPerFile,
    boolean transactionPerFile, int rowsPerTransaction, String targetSchema) {

  /** The dialects scripts can be written in. */
  public static final List<String> DIALECTS = List.of("postgres", "mysql", "sqlserver");

  /**
   * The dialect a user's name stands for, in lower case: {@code mariadb} is the {@code mysql}
   * dialect (one SQL for both), {@code postgresql} the {@code postgres} one; null stays null.
   */
  public static String dialectName(String name) {
    if (name == null) {
      return null;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "mariadb" -> "mysql";
      case "postgresql" -> "postgres";
      default -> lower;
    };
  }

  /** Default rows per INSERT statement. */
  public static final int DEFAULT_ROWS_PER_INSERT = 100;
  /** Default rows per file. */
  public static final long DEFAULT_ROWS_PER_FILE = 100_000;
  /** Default rows per transaction, when not one per file. */
  public static final int DEFAULT_ROWS_PER_TRANSACTION = 10_000;

  /** A builder with the defaults for a dialect. */
  public static Builder builder(String dialect) {
    return new Builder(dialect);
  }

  /** Fluent builder for {@link ScriptFormat}. */
  public static final class Builder {
    private final String dialect;
    private int rowsPerInsert = DEFAULT_ROWS_PER_INSERT;
    private long rowsPerFile = DEFAULT_ROWS_PER_FILE;
    private boolean transactionPerFile = true;
    private int rowsPerTransaction = DEFAULT_ROWS_PER_TRANSACTION;
    private String targetSchema;

    private Builder(String dialect) {
      this.dialect = dialectName(dialect);
    }

    public Builder rowsPerInsert(int value) {
      rowsPerInsert = value;
      return this;
    }

    public Builder rowsPerFile(long value) {
      rowsPerFile = value;
      return this;
    }

    public Builder transactionPerFile(boolean value) {
      transactionPerFile = value;
      return this;
    }

    public Builder rowsPerTransaction(int value) {
      rowsPerTransaction = value;
      return this;
    }

    public Builder targetSchema(String value) {
      targetSchema = value == null || value.isBlank() ? null : value;
      return this;
    }

    /**
     * @throws FerryException {@link ErrorCode#USAGE} for an unknown dialect or sizes out of range
     */
    public ScriptFormat build() {
      if (dialect == null || !DIALECTS.contains(dialect)) {
        throw new FerryException(ErrorCode.USAGE, "--dialect must be one of "
            + String.join(", ", DIALECTS) + " (mariadb for mysql), not '" + dialect + "'");
      }
      int maxRows = dialect.equals("sqlserver") ? 1000 : 100_000;
      if (rowsPerInsert < 1 || rowsPerInsert > maxRows) {
        throw new FerryException(ErrorCode.USAGE, "--rows-per-insert must be between 1 and "
            + maxRows + " for " + dialect + ", not " + rowsPerInsert
            + (dialect.equals("sqlserver") ? " (SQL Server takes at most 1,000 rows in one VALUES"
                + " list)" : ""));
      }
      if (rowsPerFile < 1) {
        throw new FerryException(ErrorCode.USAGE, "--rows-per-file must be at least 1, not "
            + rowsPerFile);
      }
      if (rowsPerTransaction < 1) {
        throw new FerryException(ErrorCode.USAGE, "--rows-per-transaction must be at least 1,"
            + " not " + rowsPerTransaction);
      }
      return new ScriptFormat(dialect, rowsPerInsert, rowsPerFile, transactionPerFile,
          rowsPerTransaction, targetSchema);
    }
  }
}

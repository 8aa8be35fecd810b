package dev.ferry.cli;

import dev.ferry.api.Endpoint;
import dev.ferry.api.IdentityConfig;
import dev.ferry.endpoint.ConfigLoader;
import dev.ferry.endpoint.Credentials;
import dev.ferry.endpoint.FerryConfig;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.Identities;
import dev.ferry.identity.MapRow;
import dev.ferry.identity.MapValidation;
import dev.ferry.identity.Problem;
import dev.ferry.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry users}: map identities across environments and validate the operator's map. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Maps users across environments: the same people under different keys.",
      "'map' matches them by the rules of ferry.yaml's identity section and writes user-map.csv",
      "for the operator; 'validate' checks the operator's map before a copy uses it.",
      ""
    },
    subcommands = {UsersCommand.Map.class, UsersCommand.Validate.class})
final class UsersCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required (map, validate)");
  }

  /** Options both subcommands share. */
  static final class Sides {
    @Option(names = "--from", required = true, paramLabel = "ENDPOINT",
        description = "The source environment: database or bundle.")
    String from;

    @Option(names = "--to", paramLabel = "ENDPOINT",
        description = "The target environment's database (its users are read).")
    String to;

    @Option(names = "--target-users", paramLabel = "FILE",
        description = "An export (CSV or JSON) of the target's users instead of --to.")
    Path targetUsers;

    @Option(names = "--from-password-env", paramLabel = "VAR",
        description = "Read the source password from this environment variable.")
    String fromPasswordEnv;

    @Option(names = "--to-password-env", paramLabel = "VAR",
        description = "Read the target password from this environment variable.")
    String toPasswordEnv;

    @Mixin TableOptions tables;

    Identities.Sides read(CommandSpec spec, IdentityConfig[] config) {
      java.nio.file.Path explicit = spec.findOption("--config") == null ? null
          : spec.findOption("--config").getValue();
      FerryConfig file = explicit != null ? new ConfigLoader().load(explicit, true)
          : new ConfigLoader().load(Path.of("ferry.yaml"), false);
      if (file.identity() == null) {
        throw new FerryException(ErrorCode.CONFIGURATION, "no 'identity:' section in "
            + (file.source() == null ? "./ferry.yaml (there is no such file)" : file.source())
            + ": say which table holds the users and how they match (see docs/identity.md)");
      }
      if (to == null && targetUsers == null) {
        throw new FerryException(ErrorCode.USAGE, "give the target's users: --to ENDPOINT or"
            + " --target-users FILE");
      }
      config[0] = file.identity();
      Endpoint source = TransferCommand.endpoint(file, from, null,
          new Credentials(null, fromPasswordEnv, null, null));
      Endpoint target = to == null ? null : TransferCommand.endpoint(file, to, false,
          new Credentials(null, toPasswordEnv, null, null));
      return Identities.read(source, target, targetUsers, file.identity(), tables.schemas,
          tables.filter());
    }
  }

  /** {@code ferry users map}. */
  @Command(
      name = "map",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      description = {
        "Matches every referenced source user to a target user and writes user-map.csv.",
        "Rows no rule could match have an empty target_key for you to fill; re-running keeps",
        "what you entered. Also writes users-discovery.json (reference columns, counts, orphans).",
        ""
      },
      footer = {"", "Exit codes: 0 every referenced user resolved; 3 rows need the operator, or",
          "  the map has a problem 'users validate' would refuse (each listed with its line).",
          "Example:", "  ferry users map --from qa --to uat --out user-map.csv"})
  static final class Map implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Sides sides;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "user-map.csv",
        description = "The map to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
      IdentityConfig[] config = new IdentityConfig[1];
      Identities.Sides read = sides.read(spec, config);
      List<MapRow> matched = Identities.match(read, config[0]);
      List<MapRow> rows = Identities.map(read, config[0], out, matched);
      MapValidation check = Identities.check(read, config[0], out, rows, matched);
      PrintWriter stdout = spec.commandLine().getOut();
      java.util.Map<String, Long> byStatus = new TreeMap<>();
      rows.forEach(r -> byStatus.merge(r.status(), 1L, Long::sum));
      stdout.println("Mapped " + rows.size() + " referenced users of " + read.discovery()
          .identityTable() + " (" + read.discovery().columns().size() + " reference columns): "
          + byStatus);
      if (!read.discovery().orphans().isEmpty()) {
        stdout.println("  orphans (referenced, not in the source's users; fix the source data): "
            + read.discovery().orphans().stream().map(o -> o.key() + " (" + o.references()
                + " rows)").toList());
      }
      java.util.Set<Integer> openLines = new java.util.HashSet<>();
      for (int i = 0; i < rows.size(); i++) {
        MapRow r = rows.get(i);
        if (r.targetKey() == null
            && (MapRow.UNMATCHED.equals(r.status()) || MapRow.AMBIGUOUS.equals(r.status()))) {
          openLines.add(i + 2);
          stdout.println("  " + out + ":" + (i + 2) + ": source user " + r.sourceKey() + " "
              + r.source() + " is " + r.status() + (r.matchedBy().isEmpty() ? ""
                  : " (" + r.matchedBy() + ")") + ": fill target_key");
        }
      }
      // what validation would refuse besides the open rows and the orphans listed above
      List<Problem> problems = check.problems().stream()
          .filter(p -> p.line() > 0 && !openLines.contains(p.line())).toList();
      problems.forEach(p -> stdout.println("  " + p.render()));
      check.warnings().forEach(w -> stdout.println("  warning: " + w));
      stdout.println("  wrote " + out + " and " + Identities.siblingOf(out,
          Identities.DISCOVERY_FILE));
      if (!openLines.isEmpty()) {
        stdout.println("  next: fill the " + openLines.size() + " empty target_key(s), then"
            + " 'ferry users validate --map " + out + " ...'");
      }
      if (!problems.isEmpty()) {
        stdout.println("  next: fix the " + problems.size() + " problem(s) listed (in ferry.yaml"
            + " or the map's target_key), then run 'ferry users map' again");
      }
      stdout.flush();
      // 3, as for rows waiting for the operator: the map is written but not ready for a copy
      return openLines.isEmpty() && problems.isEmpty() && read.discovery().orphans().isEmpty()
          ? 0 : ErrorCode.VERIFICATION_FAILED.exitCode();
    }
  }

  /** {@code ferry users validate}. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      description = {
        "Checks a user map before a copy uses it.",
        "Every referenced user mapped, every target exists, no duplicates, right key types,",
        "no orphans. Writes users-validation.json. A copy with --users-map runs the same checks",
        "and refuses unless they pass.",
        ""
      },
      footer = {"", "Exit codes: 0 valid; 4 not valid (each problem with its line and fix).",
          "Example:", "  ferry users validate --map user-map.csv --from qa --to uat"})
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Sides sides;

    @Option(names = "--map", required = true, paramLabel = "FILE",
        description = "The user map to check.")
    Path map;

    @Option(names = "--out", paramLabel = "FILE",
        description = "Where users-validation.json goes (default: beside the map).")
    Path out;

    @Option(names = "--json", description = "Print the validation as JSON.")
    boolean json;

    @Override
    public Integer call() {
      IdentityConfig[] config = new IdentityConfig[1];
      Identities.Sides read = sides.read(spec, config);
      Path target = out != null ? out : Identities.siblingOf(map, Identities.VALIDATION_FILE);
      MapValidation validation = Identities.validate(read, config[0], map, target);
      PrintWriter stdout = spec.commandLine().getOut();
      if (json) {
        stdout.print(Json.pretty(validation));
      } else {
        stdout.println((validation.valid() ? "Valid: " : "NOT valid: ") + map + " ("
            + validation.referencedUsers() + " referenced users, " + validation.byStatus() + ")");
        for (Problem p : validation.problems()) {
          stdout.println("  " + p.render());
        }
        validation.warnings().forEach(w -> stdout.println("  warning: " + w));
        if (validation.valid() && !validation.toCreate().isEmpty()) {
          stdout.println("  " + validation.toCreate().size() + " users are left to the create"
              + " fallback: 'ferry copy --users-map' inserts them into the target first");
        }
        stdout.println("  wrote " + target);
      }
      stdout.flush();
      return validation.valid() ? 0 : ErrorCode.REFUSED.exitCode();
    }
  }
}

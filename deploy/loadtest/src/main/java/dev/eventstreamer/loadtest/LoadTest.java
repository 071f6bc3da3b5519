package dev.eventstreamer.loadtest;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar deploy/loadtest/target/loadtest.jar <scenario>}: measures a service's HTTP
 * budgets on this machine and prints the figures. Not part of the test suite: figures from a shared
 * 2-core machine are only meaningful when nothing else runs.
 */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    description = "Drives a service at fixed rates against real infrastructure; prints latencies.",
    subcommands = {
      GatewayScenario.class,
      BackfillScenario.class,
      SubscriptionsScenario.class,
      StreamScenario.class,
      StreamIdleScenario.class,
      ChaosScenario.class,
      SoakScenario.class,
      RulesScenario.class,
      CommandLine.HelpCommand.class
    })
public final class LoadTest implements Runnable {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadTest()).execute(args));
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing scenario: try 'loadtest gateway'");
  }

  /** The repository root: $SUITE_ROOT, else the working directory. */
  static Path repositoryRoot() {
    String root = System.getenv("SUITE_ROOT");
    return Path.of(root == null || root.isBlank() ? "." : root).toAbsolutePath().normalize();
  }
}

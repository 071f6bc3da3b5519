package dev.eventstreamer.launcher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./suite}: runs the event streamer suite on one machine. */
@Command(
    name = "suite",
    mixinStandardHelpOptions = true,
    versionProvider = Launcher.Version.class,
    description = "Runs the event streamer suite locally: infrastructure, services and a gateway.",
    subcommands = {UpCommand.class, DownCommand.class, CommandLine.HelpCommand.class})
public final class Launcher implements Runnable {

  /**
   * System property (set by ./suite) naming the repository root; else $SUITE_ROOT, else the working
   * directory.
   */
  static final String ROOT_PROPERTY = "suite.root";

  private static final String LOG_MANAGER_PROPERTY = "java.util.logging.manager";

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    // Before anything touches java.util.logging: JBoss Log Manager must own it, as it owns the
    // SLF4J and log4j-api output of the brokers (see UpCommand#logTo).
    if (System.getProperty(LOG_MANAGER_PROPERTY) == null) {
      System.setProperty(LOG_MANAGER_PROPERTY, "org.jboss.logmanager.LogManager");
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with UTF-8 output, whatever the platform's default charset. */
  static CommandLine commandLine() {
    return new CommandLine(new Launcher())
        .setOut(utf8(FileDescriptor.out))
        .setErr(utf8(FileDescriptor.err));
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: try 'suite up'");
  }

  static Path repositoryRoot() {
    String root = System.getProperty(ROOT_PROPERTY);
    if (root == null || root.isBlank()) {
      root = System.getenv("SUITE_ROOT");
    }
    if (root == null || root.isBlank()) {
      root = ".";
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  private static PrintWriter utf8(FileDescriptor fd) {
    return new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Launcher.class.getPackage().getImplementationVersion();
      return new String[] {"suite " + (version == null ? "(development build)" : version)};
    }
  }
}

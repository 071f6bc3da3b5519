package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: options, usage errors and the port preflight. */
class LauncherTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli =
        new CommandLine(new Launcher())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void rejectsAnUnknownOptionWithUsage() {
    int code = run("up", "--bogus");
    assertEquals(2, code);
    assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
    assertTrue(err.toString().contains("Usage: suite up"), err.toString());
  }

  @Test
  void rejectsATimeoutThatIsNotANumber() {
    int code = run("up", "--timeout", "soon");
    assertEquals(2, code);
    assertTrue(err.toString().contains("Invalid value for option '--timeout'"), err.toString());
  }

  @Test
  void rejectsAGatewayPortOutOfRange() {
    int code = run("up", "--gateway-port", "70000");
    assertEquals(2, code);
    assertTrue(
        err.toString().contains("--gateway-port must be between 1 and 65535"), err.toString());
  }

  @Test
  void rejectsAMissingSubcommand() {
    int code = run();
    assertEquals(2, code);
    assertTrue(err.toString().contains("Missing subcommand"), err.toString());
  }

  @Test
  void showsHelpForUp() {
    int code = run("up", "--help");
    assertEquals(0, code);
    for (String option :
        new String[] {
          "--demo", "--amqp", "--infra-only", "--run-dir", "--gateway-port", "--timeout"
        }) {
      assertTrue(out.toString().contains(option), option + " missing from " + out);
    }
  }

  @Test
  void startsNothingWhenTheGatewayPortIsTaken(@TempDir Path runDir) throws Exception {
    try (ServerSocket holder = new ServerSocket()) {
      holder.bind(new InetSocketAddress(0));
      int port = holder.getLocalPort();
      int code =
          run("up", "--gateway-port", Integer.toString(port), "--run-dir", runDir.toString());
      assertEquals(UpCommand.PORT_TAKEN, code);
      assertTrue(err.toString().contains("gateway"), err.toString());
      assertTrue(err.toString().contains("port " + port + " is already in use"), err.toString());
      assertTrue(err.toString().contains("Nothing was started"), err.toString());
      assertTrue(err.toString().contains("./suite down"), "the way out is named: " + err);
      assertTrue(runDir.toFile().list().length == 0, "the run directory should stay empty");
    }
  }
}

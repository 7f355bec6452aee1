package io.ratify.examples.cli;

import io.ratify.api.RatifyException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ratify} command: {@code verify}, {@code discover}, {@code resolve}, {@code demo},
 * {@code serve} and {@code config check}.
 *
 * <p>Reports go to standard output, logs to standard error. Exit status: {@value #VERIFIED}
 * verified, {@value #NOT_VERIFIED} not verified (the policy denied the subject), {@value #ERROR}
 * error (bad usage, bad configuration, or the subject could not be resolved at all).
 */
@Command(
    name = "ratify",
    mixinStandardHelpOptions = true,
    versionProvider = RatifyCli.Version.class,
    description =
        "Decides whether an OCI artifact can be trusted, from the signatures and other artifacts that refer to it.",
    subcommands = {
      VerifyCommand.class,
      DiscoverCommand.class,
      ResolveCommand.class,
      DemoCommand.class,
      ServeCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    })
public final class RatifyCli implements Runnable {
  /** Exit status: the subject verified. */
  public static final int VERIFIED = 0;

  /** Exit status: the subject did not verify. */
  public static final int NOT_VERIFIED = 1;

  /** Exit status: usage, configuration or resolution error. */
  public static final int ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** When {@link #main} started, for {@code verify --timings}. */
  static volatile long startedAtMillis = System.currentTimeMillis();

  public static void main(String[] args) {
    startedAtMillis = System.currentTimeMillis();
    configureLogging(args);
    System.exit(
        run(
            args,
            new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
            new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true)));
  }

  /**
   * Runs the command line with the given output streams and returns the exit status (for tests and
   * embedding).
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new RatifyCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(e -> ERROR);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("ratify: " + ex.getMessage());
          ex.getCommandLine().usage(err);
          return ERROR;
        });
    cl.setExecutionExceptionHandler(
        (ex, command, parsed) -> {
          if (ex instanceof RatifyException r) {
            err.println("ratify: " + r.getMessage());
          } else {
            err.println("ratify: unexpected failure: " + ex);
          }
          return ERROR;
        });
    try {
      return cl.execute(args);
    } catch (RuntimeException | Error e) {
      // picocli hands only Exceptions to the handler above; an Error thrown by plugin code
      // (AssertionError,
      // StackOverflowError, OutOfMemoryError) would otherwise escape main and the JVM would exit
      // with 1, which
      // means "not verified", not "error"
      err.println("ratify: unexpected failure: " + e);
      err.flush();
      return ERROR;
    }
  }

  /** slf4j-simple reads its settings once, at the first logger: set them before anything logs. */
  private static void configureLogging(String[] args) {
    boolean verbose = false;
    for (String a : args) {
      if (a.equals("--verbose") || a.equals("-v")) {
        verbose = true;
      }
    }
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    // `serve` logs one INFO line per request and its reloads
    setIfAbsent("org.slf4j.simpleLogger.log.io.ratify.examples.server", verbose ? "debug" : "info");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ratify (Ratify for Java) " + version()};
    }

    /** The project version: the jar manifest's, else the filtered {@code version.properties}. */
    static String version() {
      String v = RatifyCli.class.getPackage().getImplementationVersion();
      if (v != null) {
        return v;
      }
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in = RatifyCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (java.io.IOException e) {
        // an unreadable resource means an unfiltered build
      }
      String fromFile = p.getProperty("version", "");
      return fromFile.isEmpty() || fromFile.startsWith("${") ? "development build" : fromFile;
    }
  }
}

package io.ratify.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code target/ratify.jar} in a fresh JVM, as a user would. */
final class RatifyJar {
  static final Path JAR = Path.of("target", "ratify.jar");

  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private RatifyJar() {}

  /** {@code java [jvmOptions] -jar ratify.jar args}. */
  static Run run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(jvmOptions);
    cmd.add("-jar");
    cmd.add(JAR.toString());
    return exec(cmd, args);
  }

  /**
   * {@code java [jvmOptions] -jar ratify.jar args} with these variables added to the environment.
   */
  static Run runWithEnvironment(
      List<String> jvmOptions, java.util.Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(jvmOptions);
    cmd.add("-jar");
    cmd.add(JAR.toString());
    return exec(cmd, environment, args);
  }

  /**
   * {@code java -cp classPath io.ratify.examples.cli.RatifyCli args}: the jar plus plugins on the
   * class path.
   */
  static Run runClassPath(String classPath, String... args)
      throws IOException, InterruptedException {
    return exec(List.of("-cp", classPath, RatifyCli.class.getName()), args);
  }

  private static Run exec(List<String> javaArgs, String... args)
      throws IOException, InterruptedException {
    return exec(javaArgs, java.util.Map.of(), args);
  }

  private static Run exec(
      List<String> javaArgs, java.util.Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath() + " is missing: run mvn package (integration tests run after it)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(javaArgs);
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("ratify-out", ".txt");
    Path err = Files.createTempFile("ratify-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(environment);
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("ratify did not finish within 120 s: " + cmd);
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}

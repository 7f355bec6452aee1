package io.ratify.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.core.testing.LayoutWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit status contract, in process: 0 verified or help, 1 not verified, 2 every kind of error.
 */
class RatifyCliTest {
  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = RatifyCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void helpAndVersionExitZeroOnStandardOutput() {
    for (String[] args :
        new String[][] {{"--help"}, {"--version"}, {"verify", "--help"}, {"help", "discover"}}) {
      Result r = run(args);
      assertEquals(RatifyCli.VERIFIED, r.exit(), String.join(" ", args));
      assertTrue(!r.out().isEmpty() && r.err().isEmpty(), String.join(" ", args) + ": " + r);
    }
  }

  @Test
  void versionIsTheProjectVersion() {
    String expected = System.getProperty("ratify.projectVersion");
    org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "run by Maven");
    Result r = run("--version");
    assertEquals("ratify (Ratify for Java) " + expected, r.out().strip());
  }

  @Test
  void usageErrorsExitTwoAndPrintNothingOnStandardOutput() {
    for (String[] args :
        new String[][] {{}, {"bogus"}, {"verify"}, {"verify", "-o", "xml", "-c", "c", "-s", "s"}}) {
      Result r = run(args);
      assertEquals(RatifyCli.ERROR, r.exit(), String.join(" ", args));
      assertEquals("", r.out(), String.join(" ", args));
    }
  }

  @Test
  void anErrorThrownByPluginCodeIsExitTwoNotOne() throws Exception {
    Path layout = dir.resolve("layout");
    LayoutWriter w = new LayoutWriter(layout);
    w.image("v1", "layer");
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Verifier
        metadata:
          name: broken
        spec:
          name: %s
          artifactTypes: application/vnd.cncf.notary.signature
        """
                .formatted(ErrorThrowingVerifierFactory.TYPE));
    Path services =
        Files.createDirectories(dir.resolve("plugin").resolve("META-INF").resolve("services"));
    Files.writeString(
        services.resolve("io.ratify.spi.VerifierFactory"),
        ErrorThrowingVerifierFactory.class.getName() + "\n");

    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    try (URLClassLoader withPlugin =
        new URLClassLoader(new URL[] {dir.resolve("plugin").toUri().toURL()}, previous)) {
      t.setContextClassLoader(withPlugin);
      Result r = run("verify", "-c", config.toString(), "--oci-layout", "-s", layout + ":v1");
      assertEquals(RatifyCli.ERROR, r.exit(), r.toString());
      assertEquals("", r.out());
      assertTrue(r.err().contains("plugin bug"), r.err());
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  @Test
  void discoverResolveAndVerifyPrintJsonInOneLayout() throws Exception {
    Path work = dir.resolve("demo");
    assertEquals(RatifyCli.VERIFIED, run("demo", "--dir", work.toString()).exit());
    String config = work.resolve("verify-config.yaml").toString();
    String subject = work.resolve("layout") + ":signed";
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String command : new String[] {"discover", "resolve", "verify"}) {
      Result r = run(command, "-c", config, "--oci-layout", "-s", subject, "-o", "json");
      assertEquals(RatifyCli.VERIFIED, r.exit(), command + ": " + r);
      String out = r.out();
      assertFalse(out.contains("\" : "), command + ": " + out);
      assertTrue(out.startsWith("{\n  \"") && out.endsWith("\n}\n"), command + ": " + out);
      assertFalse(out.contains("\r"), command);
      // the same document re-printed by the one writer gives the same bytes: one layout for all
      assertEquals(io.ratify.examples.cli.internal.Json.write(mapper.readTree(out)), out, command);
    }
  }

  @Test
  void aStoreReplacedByOciLayoutIsStillValidated() throws Exception {
    Path work = dir.resolve("demo");
    assertEquals(RatifyCli.VERIFIED, run("demo", "--dir", work.toString()).exit());
    Path good = work.resolve("verify-config.yaml");
    String yaml = Files.readString(good);
    String store = "  name: store-oras\nspec:\n  name: oras\n";
    assertTrue(yaml.contains(store), yaml);
    Path bad =
        Files.writeString(
            work.resolve("bad-store.yaml"),
            yaml.replace(store, store + "  parameters:\n    bogusStoreField: 1\n"));
    String subject = work.resolve("layout") + ":signed";
    assertEquals(
        RatifyCli.VERIFIED,
        run("verify", "-c", good.toString(), "--oci-layout", "-s", subject).exit());
    for (String command : new String[] {"verify", "discover", "resolve"}) {
      Result r = run(command, "-c", bad.toString(), "--oci-layout", "-s", subject);
      assertEquals(RatifyCli.ERROR, r.exit(), command + ": " + r);
      assertEquals("", r.out(), command);
      assertTrue(
          r.err().contains("CONFIG_INVALID") && r.err().contains("bogusStoreField"),
          command + ": " + r.err());
    }
  }

  @Test
  void discoverTextEscapesControlCharactersFromTheStore() throws Exception {
    Path layout = dir.resolve("hostile");
    LayoutWriter w = new LayoutWriter(layout);
    Descriptor image = w.image("v1", "layer");
    // a hostile store puts terminal escape sequences into the values discover prints
    String hostileType = "application/x\\u001b[2J\\u001b]0;owned\\u0007\\u009b31m";
    Descriptor empty = w.blob("application/vnd.oci.empty.v1+json", "{}".getBytes(UTF_8));
    String referrer =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"artifactType\":\""
            + hostileType
            + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
            + empty.digest()
            + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\""
            + image.mediaType()
            + "\",\"digest\":\""
            + image.digest()
            + "\",\"size\":"
            + image.size()
            + "}}";
    Descriptor m = w.blob("application/vnd.oci.image.manifest.v1+json", referrer.getBytes(UTF_8));
    w.list(m, Optional.empty());
    Path demo = dir.resolve("demo");
    assertEquals(RatifyCli.VERIFIED, run("demo", "--dir", demo.toString()).exit());
    Path config = demo.resolve("verify-config.yaml");

    Result r =
        run(
            "discover",
            "-c",
            config.toString(),
            "--oci-layout",
            "-s",
            layout + ":v1",
            "-o",
            "text");

    assertEquals(RatifyCli.VERIFIED, r.exit(), r.toString());
    assertTrue(r.out().contains(m.digest().toString()), "the hostile referrer is listed: " + r);
    assertTrue(
        r.out().chars().noneMatch(c -> c != '\n' && Character.isISOControl(c)),
        "control characters reach the terminal: " + r.out());
    assertTrue(r.out().contains("application/x"), r.out());
  }

  @Test
  void everyCommandAcceptsVerbose() {
    for (String[] args :
        new String[][] {
          {"config", "check", "-v", "--help"},
          {"serve", "-v", "--help"},
          {"verify", "-v", "--help"},
          {"discover", "-v", "--help"},
          {"resolve", "-v", "--help"},
          {"demo", "-v", "--help"}
        }) {
      Result r = run(args);
      assertEquals(RatifyCli.VERIFIED, r.exit(), String.join(" ", args) + ": " + r);
      assertTrue(r.out().contains("--verbose"), String.join(" ", args) + ": " + r.out());
    }
  }
}

package io.ratify.examples.customverifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Store;
import io.ratify.core.Executor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.simple.SimpleLogger;
import org.yaml.snakeyaml.Yaml;

/**
 * ratify-api and ratify-core declare modules: a consumer still works on the class path, works on
 * the module path (plugins found through {@code uses}/{@code provides}, this example plugin as an
 * automatic module), and on the module path cannot reach an {@code internal} package. One consumer
 * program (src/test/resources/consumer), compiled as a module, run twice in fresh JVMs.
 */
class ModulePathIT {
  private static final String MAIN = "io.ratify.examples.consumer.Consumer";

  @TempDir static Path work;
  private static List<Path> jars;
  private static Path consumer;

  @BeforeAll
  static void compileConsumer() throws Exception {
    jars = new ArrayList<>();
    for (Class<?> c :
        List.of(
            Store.class,
            Executor.class,
            ObjectMapper.class,
            JsonFactory.class,
            JsonProperty.class,
            LoggerFactory.class,
            SimpleLogger.class,
            Yaml.class)) {
      jars.add(location(c));
    }
    // the plugin under test as an automatic module: its jar (failsafe runs after `package`); a
    // classes directory is not a module on the module path, so it is jarred here
    jars.add(asJar(location(SbomAnnotationVerifierFactory.class)));

    Path sources = Path.of("src/test/resources/consumer");
    consumer = work.resolve("consumer");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
            javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        Stream<Path> walk = Files.walk(sources)) {
      List<Path> java = walk.filter(p -> p.toString().endsWith(".java")).toList();
      boolean ok =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  List.of("--module-path", path(jars), "-d", consumer.toString()),
                  null,
                  files.getJavaFileObjectsFromPaths(java))
              .call();
      assertTrue(ok, () -> "consumer does not compile: " + diagnostics.getDiagnostics());
    }
  }

  @Test
  void classPathConsumerVerifiesAndSeesEverything() throws Exception {
    List<Path> cp = new ArrayList<>(jars);
    cp.add(0, consumer);
    Map<String, String> out = run(List.of("-cp", path(cp), MAIN));
    assertEquals("false", out.get("named"));
    assertEquals("null", out.get("coreModule"), "ratify-core is in the unnamed module");
    assertEquals("true", out.get("verified"));
    assertEquals("[config-policy, threshold-policy]", out.get("policies"));
    // the class path has no encapsulation: this is what module-info adds
    assertEquals("accessible", out.get("coreInternal"));
    assertEquals("accessible", out.get("apiInternal"));
  }

  @Test
  void modulePathConsumerVerifiesAndCannotReachInternals() throws Exception {
    List<Path> mp = new ArrayList<>(jars);
    mp.add(0, consumer);
    Map<String, String> out =
        run(List.of("-p", path(mp), "-m", "io.ratify.examples.consumer/" + MAIN));
    assertEquals("true", out.get("named"));
    assertEquals("io.ratify.core", out.get("coreModule"));
    assertEquals("true", out.get("verified"), "the plugin was found through `uses`");
    assertEquals("[config-policy, threshold-policy]", out.get("policies"));
    assertEquals("inaccessible", out.get("coreInternal"));
    assertEquals("inaccessible", out.get("apiInternal"));
  }

  private static Map<String, String> run(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    Path log = Files.createTempFile(work, "consumer", ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "consumer did not finish");
    } finally {
      p.destroyForcibly();
    }
    String text = Files.readString(log);
    assertEquals(0, p.exitValue(), () -> "consumer failed:\n" + text);
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).chars().allMatch(Character::isLetter)) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertNotNull(out.get("verified"), () -> "no result in:\n" + text);
    return out;
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static Path asJar(Path classes) throws IOException {
    if (Files.isRegularFile(classes)) {
      return classes;
    }
    Path jar = work.resolve("ratify-example-custom-verifier.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(new Attributes.Name("Automatic-Module-Name"), "io.ratify.examples.customverifier");
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os, manifest);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static String path(List<Path> entries) {
    return String.join(java.io.File.pathSeparator, entries.stream().map(Path::toString).toList());
  }
}

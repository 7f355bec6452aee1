package io.ratify.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Verifier;
import io.ratify.core.FakeVerifier;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PluginKind;
import io.ratify.spi.VerifierFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
  public static final class GoodFactory implements VerifierFactory {
    @Override
    public String type() {
      return "good";
    }

    @Override
    public Set<String> aliases() {
      return Set.of("fine");
    }

    @Override
    public Verifier create(PluginConfig config, PluginContext context) {
      return FakeVerifier.passing(config.name(), "*");
    }
  }

  public static final class ClashingFactory implements VerifierFactory {
    @Override
    public String type() {
      return "FINE";
    }

    @Override
    public Verifier create(PluginConfig config, PluginContext context) {
      return FakeVerifier.passing(config.name(), "*");
    }
  }

  public static final class ThrowingFactory implements VerifierFactory {
    public ThrowingFactory() {
      throw new IllegalStateException("cannot start");
    }

    @Override
    public String type() {
      return "throwing";
    }

    @Override
    public Verifier create(PluginConfig config, PluginContext context) {
      throw new UnsupportedOperationException();
    }
  }

  public static final class FutureFactory implements VerifierFactory {
    @Override
    public String type() {
      return "future";
    }

    @Override
    public int spiVersion() {
      return 2;
    }

    @Override
    public Verifier create(PluginConfig config, PluginContext context) {
      throw new UnsupportedOperationException();
    }
  }

  public static final class TypeThrowsFactory implements VerifierFactory {
    @Override
    public String type() {
      throw new IllegalStateException("no type today");
    }

    @Override
    public Verifier create(PluginConfig config, PluginContext context) {
      throw new UnsupportedOperationException();
    }
  }

  public static final class NullAliasesFactory implements VerifierFactory {
    @Override
    public String type() {
      return "nullaliases";
    }

    @Override
    public Set<String> aliases() {
      return null;
    }

    @Override
    public Verifier create(PluginConfig config, PluginContext context) {
      throw new UnsupportedOperationException();
    }
  }

  private static ClassLoader loaderWith(Path dir, String... verifierFactories) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(VerifierFactory.class.getName()),
        String.join("\n", verifierFactories) + "\n");
    return new URLClassLoader(
        new URL[] {dir.toUri().toURL()}, PluginRegistryTest.class.getClassLoader());
  }

  @Test
  void builtInsAreDiscovered() throws Exception {
    PluginRegistry r = PluginRegistry.load();
    assertTrue(r.types(PluginKind.KEY_MANAGEMENT_PROVIDER).contains("inline"));
    assertEquals(Set.of("config-policy", "threshold-policy"), r.types(PluginKind.POLICY));
    assertEquals("inline", r.keyManagementProvider("INLINE").type());
  }

  @Test
  void unknownTypeListsTheKnownOnes() throws Exception {
    PluginRegistry r = PluginRegistry.builder().add(PluginKind.VERIFIER, new GoodFactory()).build();
    RatifyException e = assertThrows(RatifyException.class, () -> r.verifier("cosign"));
    assertEquals(ErrorCode.PLUGIN_NOT_FOUND, e.code());
    assertTrue(
        e.getMessage().contains("no Verifier plugin of type 'cosign'; known types: good"),
        e.getMessage());
    assertEquals("good", r.verifier("fine").type());
    assertTrue(
        assertThrows(RatifyException.class, () -> r.store("oras"))
            .getMessage()
            .contains("known types: none"));
  }

  @Test
  void twoFactoriesForOneTypeFailLoudlyNamingBoth() throws Exception {
    RatifyException e =
        quietly(
            () ->
                assertThrows(
                    RatifyException.class,
                    () ->
                        PluginRegistry.builder()
                            .add(PluginKind.VERIFIER, new GoodFactory())
                            .add(PluginKind.VERIFIER, new ClashingFactory())
                            .build()));
    assertEquals(ErrorCode.PLUGIN_INIT_FAILURE, e.code());
    assertTrue(
        e.getMessage().contains(GoodFactory.class.getName())
            && e.getMessage().contains(ClashingFactory.class.getName()),
        e.getMessage());
  }

  @Test
  void duplicatesOnTheClassPathFailToo(@TempDir Path dir) throws Exception {
    ClassLoader cl = loaderWith(dir, GoodFactory.class.getName(), ClashingFactory.class.getName());
    assertEquals(
        ErrorCode.PLUGIN_INIT_FAILURE,
        quietly(() -> assertThrows(RatifyException.class, () -> PluginRegistry.load(cl))).code());
  }

  @Test
  void aBrokenFactoryDoesNotTakeTheOthersDown(@TempDir Path dir) throws Exception {
    ClassLoader cl =
        loaderWith(
            dir,
            ThrowingFactory.class.getName(),
            "com.example.Missing",
            FutureFactory.class.getName(),
            GoodFactory.class.getName());
    PluginRegistry r = quietly(() -> PluginRegistry.load(cl));
    assertEquals("good", r.verifier("good").type());
    assertTrue(
        r.types(PluginKind.KEY_MANAGEMENT_PROVIDER).contains("inline"),
        "the parent loader's plugins are still found");
    assertEquals(3, r.problems().size(), r.problems().toString());
    assertTrue(
        r.problems().stream().anyMatch(p -> p.contains("SPI version 2")), r.problems().toString());
    RatifyException e = assertThrows(RatifyException.class, () -> r.verifier("throwing"));
    assertEquals(ErrorCode.PLUGIN_NOT_FOUND, e.code());
    assertTrue(e.getMessage().contains("failed to load"), e.getMessage());
  }

  @Test
  void aFactoryThatCannotLinkOrAnswerDoesNotTakeTheOthersDown(@TempDir Path dir) throws Exception {
    // a plugin jar built for a newer JDK, or corrupt, fails in ServiceLoader with a LinkageError,
    // not a
    // ServiceConfigurationError
    Path corrupt = dir.resolve("com/example/Corrupt.class");
    Files.createDirectories(corrupt.getParent());
    Files.write(
        corrupt,
        new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 99, 1, 2, 3});
    ClassLoader cl =
        loaderWith(
            dir,
            "com.example.Corrupt",
            TypeThrowsFactory.class.getName(),
            NullAliasesFactory.class.getName(),
            GoodFactory.class.getName());
    PluginRegistry r = quietly(() -> PluginRegistry.load(cl));
    assertEquals("good", r.verifier("good").type());
    assertEquals(3, r.problems().size(), r.problems().toString());
    assertTrue(
        r.problems().stream().anyMatch(p -> p.contains("com/example/Corrupt")),
        r.problems().toString());
    assertTrue(
        r.problems().stream().anyMatch(p -> p.contains(TypeThrowsFactory.class.getName())),
        r.problems().toString());
    assertTrue(
        r.problems().stream().anyMatch(p -> p.contains(NullAliasesFactory.class.getName())),
        r.problems().toString());
  }

  /**
   * Runs {@code call} with the WARN lines it provokes on purpose kept out of the build log (the
   * tests named ...LoggedAtWarn check those lines).
   */
  private static <T> T quietly(Callable<T> call) throws Exception {
    List<T> result = new ArrayList<>();
    logOf(() -> result.add(call.call()));
    return result.get(0);
  }

  /**
   * What slf4j-simple (the test binding, which writes to the current System.err) logs meanwhile.
   */
  private static String logOf(ThrowingCall call) throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      call.run();
    } finally {
      System.setErr(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void brokenFactoriesAreLoggedAtWarn(@TempDir Path dir) throws Exception {
    ClassLoader cl =
        loaderWith(
            dir,
            ThrowingFactory.class.getName(),
            "com.example.Missing",
            FutureFactory.class.getName(),
            GoodFactory.class.getName());
    String log = logOf(() -> PluginRegistry.load(cl));
    for (String what :
        List.of(ThrowingFactory.class.getName(), "com.example.Missing", "SPI version 2")) {
      assertTrue(
          log.lines().anyMatch(l -> l.contains(" WARN ") && l.contains(what)),
          what + " not logged at WARN: " + log);
    }
  }

  @Test
  void duplicateTypesAreLoggedAtWarn(@TempDir Path dir) throws Exception {
    ClassLoader cl = loaderWith(dir, GoodFactory.class.getName(), ClashingFactory.class.getName());
    String log = logOf(() -> assertThrows(RatifyException.class, () -> PluginRegistry.load(cl)));
    assertTrue(
        log.lines()
            .anyMatch(
                l ->
                    l.contains(" WARN ")
                        && l.contains(GoodFactory.class.getName())
                        && l.contains(ClashingFactory.class.getName())),
        "duplicate not logged at WARN: " + log);
  }
}

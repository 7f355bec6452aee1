package io.ratify.oras.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.oras.RegistryStore;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.oras.testing.TestArtifacts.SignedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker {@code credHelpers} and {@code credsStore}: a real {@code docker-credential-<name>}
 * executable (a shell script speaking the credential-helper protocol: server URL on stdin, JSON on
 * stdout) found on the PATH, against a real registry with Basic auth.
 */
class CredentialHelperRealRegistryTest {
  static LocalRegistry registry;
  static SignedImage image;
  static Path helpers;

  @BeforeAll
  static void start() throws Exception {
    String dir = System.getProperty("ratify.credentialHelperDir");
    assumeTrue(
        dir != null,
        "run through Maven: surefire puts the credential-helper directory on the PATH");
    helpers = Files.createDirectories(Path.of(dir));
    registry =
        LocalRegistry.start(
            new LocalRegistry.Options()
                .basicAuth(
                    RegistryAuthRealRegistryTest.USER, RegistryAuthRealRegistryTest.PASSWORD));
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (RegistryAuthRealRegistryTest.USER
                            + ":"
                            + RegistryAuthRealRegistryTest.PASSWORD)
                        .getBytes(StandardCharsets.UTF_8));
    image =
        TestArtifacts.pushSignedImage(
            new RegistryPusher(registry, Optional.of(basic)), "demo/app", "v1");
    helper("ratifytest-good", RegistryAuthRealRegistryTest.PASSWORD);
    helper("ratifytest-wrong", "not-the-password");
    // A helper that never answers in time (e.g. waiting for a desktop prompt); it ends by itself
    // after 10 s.
    Path hang = helpers.resolve("docker-credential-ratifytest-hang");
    Files.writeString(hang, "#!/bin/sh\nsleep 10\n");
    Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  /** Writes docker-credential-NAME answering `get` for any server with alice and {@code secret}. */
  private static void helper(String name, String secret) throws Exception {
    Path script = helpers.resolve("docker-credential-" + name);
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "[ \"$1\" = get ] || exit 1\n"
            + "read server\n"
            + "printf '{\"ServerURL\":\"%s\",\"Username\":\""
            + RegistryAuthRealRegistryTest.USER
            + "\",\"Secret\":\""
            + secret
            + "\"}' \"$server\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static Store storeWith(Path dir, String dockerConfigJson) throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), dockerConfigJson);
    return RegistryStore.builder().plainHttp(true).dockerConfig(config).build();
  }

  @Test
  void credHelpersEntryForTheRegistryIsUsed(@TempDir Path dir) throws Exception {
    Store s = storeWith(dir, "{\"credHelpers\":{\"" + registry.host() + "\":\"ratifytest-good\"}}");
    assertArrayEquals(
        image.envelope().bytes(), RegistryAuthRealRegistryTest.flow(s, registry, "demo/app"));
  }

  @Test
  void credsStoreIsUsedWhenNoHelperNamesTheRegistry(@TempDir Path dir) throws Exception {
    Store s = storeWith(dir, "{\"credsStore\":\"ratifytest-good\"}");
    assertArrayEquals(
        image.envelope().bytes(), RegistryAuthRealRegistryTest.flow(s, registry, "demo/app"));
  }

  @Test
  void wrongSecretFromTheHelperIsDeniedAndNeverEchoed(@TempDir Path dir) throws Exception {
    Store s =
        storeWith(dir, "{\"credHelpers\":{\"" + registry.host() + "\":\"ratifytest-wrong\"}}");
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> RegistryAuthRealRegistryTest.flow(s, registry, "demo/app"));
    assertEquals(ErrorCode.AUTH_DENIED, e.code());
    assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
  }

  @Test
  void hangingHelperEndsInATimeoutWithinTheDeadline(@TempDir Path dir) throws Exception {
    Store s = storeWith(dir, "{\"credsStore\":\"ratifytest-hang\"}");
    Reference ref = Reference.parse(registry.host() + "/demo/app:v1");
    RatifyException e =
        assertThrows(
            RatifyException.class, () -> s.resolve(ref, Deadline.after(Duration.ofMillis(1500))));
    assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
  }

  @Test
  void hungHelperAndItsChildrenAreKilledWhenTheirTimeIsUp(@TempDir Path dir) throws Exception {
    // The helper starts a child and waits forever; both write their process ids first.
    Path pids = dir.resolve("pids");
    Path hang = helpers.resolve("docker-credential-ratifytest-orphan");
    Files.writeString(
        hang,
        "#!/bin/sh\n"
            + "sleep 300 &\n"
            + "echo $! >> '"
            + pids
            + "'\n"
            + "echo $$ >> '"
            + pids
            + "'\n"
            + "wait\n");
    Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwxr-xr-x"));
    Store s = storeWith(dir, "{\"credsStore\":\"ratifytest-orphan\"}");
    Reference ref = Reference.parse(registry.host() + "/demo/app:v1");
    RatifyException e =
        assertThrows(
            RatifyException.class, () -> s.resolve(ref, Deadline.after(Duration.ofMillis(1500))));
    assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
    List<Long> ids =
        Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
    assertEquals(2, ids.size(), ids.toString());
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < until
        && ids.stream()
            .anyMatch(id -> ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false))) {
      Thread.sleep(50);
    }
    for (long id : ids) {
      assertFalse(running(id), "process " + id + " outlived its deadline");
    }
  }

  /** Alive and not a zombie (an orphan's exit is reaped by init, which a container may lack). */
  private static boolean running(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  @Test
  void helperForAnotherRegistryIsNotConsulted(@TempDir Path dir) throws Exception {
    Store s = storeWith(dir, "{\"credHelpers\":{\"registry.example\":\"ratifytest-good\"}}");
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> RegistryAuthRealRegistryTest.flow(s, registry, "demo/app"));
    assertEquals(ErrorCode.AUTH_DENIED, e.code());
    assertTrue(e.getMessage().contains(registry.host()), e.getMessage());
  }
}

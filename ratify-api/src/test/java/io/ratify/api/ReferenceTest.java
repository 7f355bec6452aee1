package io.ratify.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceTest {
  static final String HEX = "a".repeat(64);

  @ParameterizedTest
  @CsvSource({
    "nginx, docker.io, library/nginx, latest",
    "docker.io/nginx:1.25, docker.io, library/nginx, 1.25",
    "index.docker.io/library/nginx, docker.io, library/nginx, latest",
    "user/app:v1, docker.io, user/app, v1",
    "localhost/app, localhost, app, latest",
    "localhost:5000/a/b/c:t_1, localhost:5000, a/b/c, t_1",
    "127.0.0.1:5000/app, 127.0.0.1:5000, app, latest",
    "ghcr.io/deislabs/ratify/notary-image:signed, ghcr.io, deislabs/ratify/notary-image, signed",
    "Registry.Example.COM/app, Registry.Example.COM, app, latest",
    "[::1]:5000/app, [::1]:5000, app, latest"
  })
  void followsTheDistributionGrammarAndDockerDefaults(
      String text, String registry, String repository, String tag) throws Exception {
    Reference r = Reference.parse(text);
    assertEquals(registry, r.registry());
    assertEquals(repository, r.repository());
    assertEquals(Optional.of(tag), r.tag());
    assertEquals(Optional.empty(), r.digest());
    assertEquals(r, Reference.parse(r.toString()));
  }

  @Test
  void digestAndTagTogether() throws Exception {
    Reference r = Reference.parse("registry.test:443/app:v1@sha256:" + HEX);
    assertEquals(Optional.of("v1"), r.tag());
    assertEquals(Optional.of(new Digest("sha256", HEX)), r.digest());
    assertEquals("registry.test:443/app:v1@sha256:" + HEX, r.toString());
    Reference onlyDigest = Reference.parse("registry.test/app@sha256:" + HEX);
    assertEquals(Optional.empty(), onlyDigest.tag(), "a digest alone gets no default tag");
    assertEquals("registry.test:443/app@sha256:" + HEX, r.pinned(r.digest().get()).toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "App",
        "registry.test/App",
        "registry.test/app:",
        "registry.test/app:-bad",
        "registry.test/app@sha256:abc",
        "registry.test/app@md5:" + "a",
        "registry.test//app",
        "registry.test/app/",
        "registry.test/a..b",
        "bad host:5000/app",
        "registry.test:99999999/app",
        ":tag",
        "app@"
      })
  void rejectsInvalidReferencesWithTheirCode(String text) {
    RatifyException e = assertThrows(RatifyException.class, () -> Reference.parse(text));
    assertEquals(ErrorCode.REFERENCE_INVALID, e.code());
    assertTrue(e.getMessage().startsWith("REFERENCE_INVALID: invalid reference"), e.getMessage());
  }

  @Test
  void anUpperCaseFirstComponentIsARegistryAsInDocker() throws Exception {
    Reference r = Reference.parse("UPPER/app");
    assertEquals("UPPER", r.registry());
    assertEquals("app", r.repository());
  }

  @Test
  void boundsLength() {
    assertEquals(
        ErrorCode.REFERENCE_INVALID,
        assertThrows(
                RatifyException.class, () -> Reference.parse("registry.test/" + "a".repeat(300)))
            .code());
    assertEquals(
        ErrorCode.REFERENCE_INVALID,
        assertThrows(RatifyException.class, () -> Reference.parse("a".repeat(5000))).code());
  }

  @Test
  void aNameIsCheckedEvenRightAfterAValidOneWasBuilt() throws Exception {
    Reference valid = Reference.parse("registry.test/app/web@sha256:" + HEX);
    assertEquals("app/web", valid.pinned(valid.digest().orElseThrow()).repository());
    Optional<String> none = Optional.empty();
    Optional<Digest> noDigest = Optional.empty();
    assertThrows(
        IllegalArgumentException.class,
        () -> new Reference("registry.test", "App/Web", none, noDigest));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Reference("registry test", "app/web", none, noDigest));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Reference("registry.test", "app//web", none, noDigest));
  }
}

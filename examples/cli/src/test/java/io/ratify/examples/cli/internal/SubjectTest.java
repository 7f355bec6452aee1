package io.ratify.examples.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @TempDir Path dir;

  @Test
  void layoutWithTagKeepsTheDirectoryAndUsesTheScope() throws Exception {
    Subject s = Subject.layout(dir + ":v1", "registry.example/team/app");
    assertEquals(Optional.of(dir), s.layout());
    assertEquals("registry.example/team/app:v1", s.reference().toString());
    assertEquals(dir + ":v1", s.label());
  }

  @Test
  void layoutWithDigest() throws Exception {
    Subject s = Subject.layout(dir + "@" + DIGEST, Subject.DEFAULT_LAYOUT_SCOPE);
    assertEquals(DIGEST, s.reference().digest().orElseThrow().toString());
    assertEquals(Optional.empty(), s.reference().tag());
  }

  @Test
  void layoutWithoutTagOrDigestIsRejected() {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> Subject.layout(dir.toString(), Subject.DEFAULT_LAYOUT_SCOPE));
    assertEquals(ErrorCode.REFERENCE_INVALID, e.code());
  }

  @Test
  void missingLayoutDirectoryIsRejected() {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> Subject.layout(dir.resolve("absent") + ":v1", Subject.DEFAULT_LAYOUT_SCOPE));
    assertEquals(ErrorCode.REFERENCE_INVALID, e.code());
  }

  @Test
  void registrySubjectIsNormalisedButLabelledAsTyped() throws Exception {
    Subject s = Subject.registry("nginx");
    assertEquals("docker.io/library/nginx:latest", s.reference().toString());
    assertEquals("nginx", s.label());
  }

  @Test
  void atSignInTheDirectoryNameIsNotADigest() throws Exception {
    Path layout = java.nio.file.Files.createDirectories(dir.resolve("me@corp").resolve("layout"));
    Subject s = Subject.layout(layout + ":signed", Subject.DEFAULT_LAYOUT_SCOPE);
    assertEquals(Optional.of(layout), s.layout());
    assertEquals(Optional.of("signed"), s.reference().tag());
    Subject d = Subject.layout(layout + "@" + DIGEST, Subject.DEFAULT_LAYOUT_SCOPE);
    assertEquals(Optional.of(layout), d.layout());
    assertEquals(DIGEST, d.reference().digest().orElseThrow().toString());
  }

  @Test
  void colonInTheDirectoryNameIsNotATag() throws Exception {
    Path layout = java.nio.file.Files.createDirectories(dir.resolve("a:b").resolve("layout"));
    assertEquals(
        Optional.of(layout), Subject.layout(layout + ":v1", Subject.DEFAULT_LAYOUT_SCOPE).layout());
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> Subject.layout(layout.toString(), Subject.DEFAULT_LAYOUT_SCOPE));
    assertEquals(ErrorCode.REFERENCE_INVALID, e.code());
  }
}

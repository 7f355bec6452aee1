package io.ratify.examples.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ProviderKeyTest {
  @Test
  void splitsTheNamespacePrefixAsRatifyDoes() throws Exception {
    ProviderKey k = ProviderKey.of("[team-a]reg.io/app:v1");
    assertEquals("team-a", k.namespace());
    assertEquals("reg.io/app:v1", k.image());
    assertEquals("reg.io/app:v1", k.reference().toString());
    assertEquals("", ProviderKey.of("[]nginx").namespace());
    assertEquals(
        "docker.io/library/nginx:latest", ProviderKey.of("[]nginx").reference().toString());
    assertEquals("", ProviderKey.of("nginx").namespace());
    // an unclosed bracket is not a prefix
    assertEquals("[oops", ProviderKey.of("[oops").image());
  }

  @Test
  void echoesTheKeyWithoutLineBreaks() {
    ProviderKey k = ProviderKey.of("[a]x\r\ny\n");
    assertEquals("[a]xy", k.echoed());
    assertEquals("[a]x\r\ny\n", k.raw());
  }

  @Test
  void overlongKeysAreInvalidReferences() {
    RatifyException e =
        assertThrows(RatifyException.class, () -> ProviderKey.of("a".repeat(5000)).reference());
    assertEquals(ErrorCode.REFERENCE_INVALID, e.code());
  }

  @Property(tries = 300)
  void anyKeyIsSplitWithoutThrowingAndEchoedWithoutCrLf(@ForAll String raw) {
    ProviderKey k = ProviderKey.of(raw);
    assertFalse(k.echoed().contains("\r") || k.echoed().contains("\n"));
    try {
      k.reference();
    } catch (RatifyException e) {
      assertEquals(ErrorCode.REFERENCE_INVALID, e.code());
    }
  }
}

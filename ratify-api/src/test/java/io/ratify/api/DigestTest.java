package io.ratify.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
  @Test
  void computesAndMatchesKnownValues() throws Exception {
    byte[] empty = new byte[0];
    Digest d = Digest.sha256(empty);
    assertEquals(
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", d.toString());
    assertTrue(d.matches(empty));
    assertFalse(d.matches("x".getBytes(StandardCharsets.UTF_8)));
    assertEquals(d, Digest.parse(d.toString()));
    assertEquals(
        "sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        d.tagSchemaTag());
    assertEquals(96, Digest.of("sha384", empty).hex().length());
    assertEquals(128, Digest.of("sha512", empty).hex().length());
    assertEquals("{}", new String("{}".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    assertEquals(
        "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)).toString(),
        "the OCI empty descriptor's digest");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "sha256",
        "sha256:",
        ":abc",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 ",
        "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
      })
  void rejectsWhatCannotBeChecked(String text) {
    assertEquals(
        ErrorCode.DIGEST_INVALID,
        assertThrows(RatifyException.class, () -> Digest.parse(text)).code());
  }
}

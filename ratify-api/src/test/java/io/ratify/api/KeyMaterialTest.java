package io.ratify.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {
  private static PublicKey newKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair().getPublic();
  }

  @Test
  void enabledKeysLeavesDisabledVersionsOutInNameThenVersionOrder() throws Exception {
    PublicKey a1 = newKey();
    PublicKey a2 = newKey();
    PublicKey b1 = newKey();
    PublicKey disabled = newKey();
    KeyMaterial m =
        new KeyMaterial(
            Map.of(),
            Map.of(
                new KeyId("b", "1", true),
                b1,
                new KeyId("a", "2", true),
                a2,
                new KeyId("a", "1", true),
                a1,
                new KeyId("a", "0", false),
                disabled),
            Map.of(),
            Instant.EPOCH);
    assertEquals(List.of(a1, a2, b1), m.enabledKeys());
  }

  @Test
  void enabledCertificatesIsEmptyWhenEveryEntryIsDisabled() {
    KeyMaterial m =
        new KeyMaterial(
            Map.of(new KeyId("c", "1", false), List.of()), Map.of(), Map.of(), Instant.EPOCH);
    assertEquals(List.of(), m.enabledCertificates());
  }
}

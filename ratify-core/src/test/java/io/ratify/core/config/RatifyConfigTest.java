package io.ratify.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ratify.spi.PluginConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatifyConfigTest {
  @Test
  void changingTheCallersNestedMapsAfterBuildChangesNothing() throws Exception {
    List<Object> certs = new ArrayList<>(List.of("ca-certs"));
    Map<String, Object> stores = new LinkedHashMap<>();
    stores.put("ca", certs);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("verificationCertStores", stores);
    RatifyConfig config =
        RatifyConfig.builder()
            .store("s", "oras", Map.of())
            .verifier("v", "notation", params)
            .build();

    certs.add("rogue-certs");
    stores.put("rogue", List.of("x"));
    params.put("late", true);

    PluginConfig v = config.verifiers().get(0);
    assertEquals(Map.of("ca", List.of("ca-certs")), v.map("verificationCertStores").orElseThrow());
    assertEquals(List.of("verificationCertStores"), List.copyOf(v.parameters().keySet()));
    assertEquals(
        v.parameters(), config.toBuilder().build().verifiers().get(0).parameters(), "round trip");
  }
}

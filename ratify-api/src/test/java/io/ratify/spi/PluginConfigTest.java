package io.ratify.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginConfigTest {
  static final PluginConfig C =
      new PluginConfig(
          PluginKind.VERIFIER,
          "v",
          "notation",
          Map.ofEntries(
              Map.entry("s", "text"),
              Map.entry("n", 5),
              Map.entry("b", true),
              Map.entry("bs", "false"),
              Map.entry("list", List.of("a", " b ", "")),
              Map.entry("csv", "x, y,,z"),
              Map.entry("m", Map.of("k", 1)),
              Map.entry("d", "1h30m"),
              Map.entry("ms", "1500ms"),
              Map.entry("iso", "PT10S"),
              Map.entry("secs", 7),
              Map.entry("bad", "soon")),
          "verify.yaml, document 3 (Verifier v)");

  @Test
  void typedAccessorsReadWhatTheyPromise() throws Exception {
    assertEquals(Optional.of("text"), C.string("s"));
    assertEquals("text", C.requiredString("s"));
    assertEquals(Optional.of(5L), C.integer("n", 0, 10));
    assertEquals(Optional.of(true), C.bool("b"));
    assertEquals(Optional.of(false), C.bool("bs"));
    assertEquals(List.of("a", "b"), C.stringList("list"));
    assertEquals(List.of("x", "y", "z"), C.stringList("csv"));
    assertEquals(Map.of("k", 1), C.map("m").orElseThrow());
    assertEquals(Duration.ofMinutes(90), C.duration("d", ChronoUnit.SECONDS).orElseThrow());
    assertEquals(Duration.ofMillis(1500), C.duration("ms", ChronoUnit.SECONDS).orElseThrow());
    assertEquals(Duration.ofSeconds(10), C.duration("iso", ChronoUnit.SECONDS).orElseThrow());
    assertEquals(Duration.ofSeconds(7), C.duration("secs", ChronoUnit.SECONDS).orElseThrow());
    assertEquals(Optional.empty(), C.string("absent"));
    assertEquals(List.of(), C.stringList("absent"));
  }

  @Test
  void mistypedFieldsNameTheOriginAndField() {
    List<ThrowingCall> bad =
        List.of(
            () -> C.string("n"),
            () -> C.requiredString("absent"),
            () -> C.integer("n", 6, 10),
            () -> C.integer("s", 0, 1),
            () -> C.bool("s"),
            () -> C.map("s"),
            () -> C.list("s"),
            () -> C.stringList("m"),
            () -> C.duration("bad", ChronoUnit.SECONDS),
            () -> C.duration("b", ChronoUnit.SECONDS));
    for (ThrowingCall call : bad) {
      RatifyException e = assertThrows(RatifyException.class, call::run);
      assertEquals(ErrorCode.CONFIG_INVALID, e.code());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "CONFIG_INVALID: verify.yaml, document 3 (Verifier v): field 'parameters."),
          e.getMessage());
    }
  }

  @Test
  void parametersAreACopy() {
    java.util.HashMap<String, Object> source = new java.util.HashMap<>(Map.of("a", 1));
    PluginConfig c = PluginConfig.of(PluginKind.STORE, "s", "oras", source);
    source.put("b", 2);
    assertEquals(Map.of("a", 1), c.parameters());
    assertThrows(UnsupportedOperationException.class, () -> c.parameters().put("c", 3));
    assertEquals("Store s", c.origin());
  }

  @Test
  void nestedParametersAreCopiedDeeplyAndCannotBeChanged() throws Exception {
    List<Object> inner = new java.util.ArrayList<>(List.of("a"));
    Map<String, Object> nested = new java.util.LinkedHashMap<>();
    nested.put("list", inner);
    nested.put("empty", null);
    Map<String, Object> top = new java.util.LinkedHashMap<>();
    top.put("m", nested);
    top.put("l", new java.util.ArrayList<>(List.of(nested)));
    PluginConfig c = PluginConfig.of(PluginKind.VERIFIER, "v", "t", top);

    inner.add("b");
    nested.put("added", 1);
    top.put("late", "x");

    Map<String, Object> m = c.map("m").orElseThrow();
    assertEquals(List.of("a"), m.get("list"));
    assertEquals(java.util.Arrays.asList("list", "empty"), List.copyOf(m.keySet()));
    assertEquals(Optional.empty(), c.get("late"));
    @SuppressWarnings("unchecked")
    Map<String, Object> inList = (Map<String, Object>) c.list("l").orElseThrow().get(0);
    assertEquals(List.of("a"), inList.get("list"));
    @SuppressWarnings("unchecked")
    List<Object> seen = (List<Object>) m.get("list");
    assertThrows(UnsupportedOperationException.class, () -> seen.add("c"));
    assertThrows(UnsupportedOperationException.class, () -> m.put("k", "v"));
    assertThrows(UnsupportedOperationException.class, () -> c.parameters().put("k", "v"));
  }

  @Test
  void cyclicOrTooDeepParametersAreRefused() {
    Map<String, Object> cyclic = new java.util.HashMap<>();
    cyclic.put("self", cyclic);
    assertThrows(
        IllegalArgumentException.class,
        () -> PluginConfig.of(PluginKind.VERIFIER, "v", "t", cyclic));
  }

  interface ThrowingCall {
    void run() throws Exception;
  }
}

package io.ratify.oras.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void parsesTheDistributionBearerChallenge() {
    List<Challenge> c =
        Challenge.parse(
            "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:demo/app:pull\"");
    assertEquals(1, c.size());
    assertEquals("bearer", c.get(0).scheme());
    assertEquals(
        Map.of(
            "realm",
            "https://auth.example/token",
            "service",
            "registry.example",
            "scope",
            "repository:demo/app:pull"),
        c.get(0).params());
  }

  @Test
  void parameterOrderCaseSpacingAndQuotingDoNotMatter() {
    List<Challenge> c =
        Challenge.parse(
            "bearer  Scope=\"repository:a/b:pull,push\" , SERVICE=reg.example ,realm=\"https://x/t?a=\\\"q\\\"\"");
    assertEquals(1, c.size());
    assertEquals("repository:a/b:pull,push", c.get(0).param("scope").orElseThrow());
    assertEquals("reg.example", c.get(0).param("service").orElseThrow());
    assertEquals("https://x/t?a=\"q\"", c.get(0).param("realm").orElseThrow());
  }

  @Test
  void severalChallengesInOneHeader() {
    List<Challenge> c =
        Challenge.parse(
            "Negotiate abc==, Basic realm=\"r\", Bearer realm=\"https://t\",service=\"s\"");
    assertEquals(
        List.of("negotiate", "basic", "bearer"), c.stream().map(Challenge::scheme).toList());
    assertEquals("https://t", c.get(2).param("realm").orElseThrow());
    assertEquals("s", c.get(2).param("service").orElseThrow());
  }

  @Test
  void malformedHeadersYieldNothingUsable() {
    assertTrue(Challenge.parse("").isEmpty());
    assertTrue(
        Challenge.parse("Bearer realm=\"unterminated").stream()
            .allMatch(c -> c.param("realm").isEmpty()));
    assertTrue(Challenge.parse("x".repeat(9000)).isEmpty());
  }

  @Property(tries = 2000)
  void neverThrowsOnArbitraryInput(@ForAll @StringLength(max = 300) String header) {
    Challenge.parse(header);
    Challenge.parse("Bearer " + header);
  }

  @Property(tries = 1000)
  void quotedValuesRoundTrip(@ForAll @StringLength(max = 60) String value) {
    String quoted = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    List<Challenge> c = Challenge.parse("Bearer service=\"s\", realm=" + quoted);
    assertEquals(value, c.get(0).param("realm").orElseThrow());
  }
}

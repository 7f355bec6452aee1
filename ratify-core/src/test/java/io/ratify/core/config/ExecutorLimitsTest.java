package io.ratify.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The six executor limits: one type, one set of defaults and ranges, every way in. */
class ExecutorLimitsTest {
  private static final ExecutorLimits CUSTOM = custom();

  private static ExecutorLimits custom() {
    try {
      return ExecutorLimits.builder()
          .timeout(Duration.ofMillis(2500))
          .concurrency(5)
          .maxDepth(2)
          .maxReferrers(100)
          .maxPages(4)
          .maxArtifacts(500)
          .build();
    } catch (RatifyException e) {
      throw new AssertionError(e);
    }
  }

  private static RatifyException invalid(UnaryOperator<ExecutorLimits.Builder> change) {
    RatifyException e =
        assertThrows(RatifyException.class, () -> change.apply(ExecutorLimits.builder()).build());
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    return e;
  }

  /** A Ratify {@code config.json} whose executor section holds {@code executor}. */
  private static String configJson(String executor) {
    return """
        { "executor": {%s},
          "store": {"plugins": [{"name": "oras"}]},
          "verifier": {"plugins": [{"name": "notation"}]} }
        """
        .formatted(executor);
  }

  /** A Ratify v2 executor whose spec also holds {@code limits} (YAML lines, may be empty). */
  private static String v2(String limits) {
    return """
        apiVersion: config.ratify.sh/v2alpha1
        kind: Executor
        metadata: {name: e}
        spec:
          scopes: ["registry.test"]
        %s
          stores:
            - type: some-store
          verifiers:
            - name: v
              type: some-verifier
        """
        .formatted(limits.indent(2).stripTrailing());
  }

  private static RatifyConfig loadV2(String limits) throws RatifyException {
    return ConfigLoader.parseSet(v2(limits), "v2.yaml").executors().get(0).config();
  }

  @Test
  void defaultsAreTheDocumentedOnes() throws Exception {
    ExecutorLimits d = ExecutorLimits.defaults();
    assertEquals(Duration.ofSeconds(10), d.timeout());
    assertEquals(
        List.of(3, 3, 64, 16, 1024),
        List.of(d.concurrency(), d.maxDepth(), d.maxReferrers(), d.maxPages(), d.maxArtifacts()));
    assertEquals(d, ExecutorLimits.builder().build());
    assertEquals(d, RatifyConfig.builder().build().limits());
  }

  @Test
  void eachRangeIsCheckedAtBothEndsNamingTheOption() throws Exception {
    record Bound(
        String option,
        UnaryOperator<ExecutorLimits.Builder> low,
        UnaryOperator<ExecutorLimits.Builder> lowest,
        UnaryOperator<ExecutorLimits.Builder> highest,
        UnaryOperator<ExecutorLimits.Builder> high) {}
    List<Bound> bounds =
        List.of(
            new Bound(
                "timeout",
                b -> b.timeout(Duration.ZERO),
                b -> b.timeout(Duration.ofNanos(1)),
                b -> b.timeout(ExecutorLimits.TIMEOUT_CEILING),
                b -> b.timeout(ExecutorLimits.TIMEOUT_CEILING.plusNanos(1))),
            new Bound(
                "concurrency",
                b -> b.concurrency(0),
                b -> b.concurrency(1),
                b -> b.concurrency(64),
                b -> b.concurrency(65)),
            new Bound(
                "maxDepth",
                b -> b.maxDepth(-1),
                b -> b.maxDepth(0),
                b -> b.maxDepth(8),
                b -> b.maxDepth(9)),
            new Bound(
                "maxReferrers",
                b -> b.maxReferrers(0),
                b -> b.maxReferrers(1),
                b -> b.maxReferrers(10_000),
                b -> b.maxReferrers(10_001)),
            new Bound(
                "maxPages",
                b -> b.maxPages(0),
                b -> b.maxPages(1),
                b -> b.maxPages(1000),
                b -> b.maxPages(1001)),
            new Bound(
                "maxArtifacts",
                b -> b.maxArtifacts(0),
                b -> b.maxArtifacts(1),
                b -> b.maxArtifacts(100_000),
                b -> b.maxArtifacts(100_001)));
    for (Bound b : bounds) {
      for (UnaryOperator<ExecutorLimits.Builder> bad : List.of(b.low(), b.high())) {
        String message = invalid(bad).getMessage();
        assertTrue(
            message.startsWith("CONFIG_INVALID: executor option '" + b.option() + "': must be"),
            message);
      }
      b.lowest().apply(ExecutorLimits.builder()).build();
      b.highest().apply(ExecutorLimits.builder()).build();
    }
    assertTrue(invalid(b -> b.timeout(null)).getMessage().contains("'timeout'"));
  }

  @Test
  void aCopyEqualsItsOriginal() throws Exception {
    assertEquals(CUSTOM, CUSTOM.toBuilder().build());
    assertEquals(CUSTOM.hashCode(), CUSTOM.toBuilder().build().hashCode());
    ExecutorLimits changed = CUSTOM.toBuilder().maxPages(5).build();
    assertEquals(5, changed.maxPages());
    assertEquals(CUSTOM, changed.toBuilder().maxPages(4).build(), "only maxPages changed");
    assertTrue(!CUSTOM.equals(changed));
  }

  @Test
  void theConfigBuilderSetsEveryLimitEitherWay() throws Exception {
    RatifyConfig.Builder b = RatifyConfig.builder().limits(ExecutorLimits.defaults());
    b.timeout(CUSTOM.timeout()).concurrency(5).maxDepth(2);
    RatifyConfig single = b.maxReferrers(100).maxPages(4).maxArtifacts(500).build();
    assertEquals(CUSTOM, single.limits());
    assertEquals(
        List.of(100, 4, 500),
        List.of(single.maxReferrers(), single.maxPages(), single.maxArtifacts()));
    assertEquals(CUSTOM, RatifyConfig.builder().limits(CUSTOM).build().limits());
    assertEquals(CUSTOM, single.toBuilder().build().limits());
    for (RatifyConfig.Builder bad :
        List.of(
            RatifyConfig.builder().maxReferrers(0),
            RatifyConfig.builder().maxPages(1001),
            RatifyConfig.builder().maxArtifacts(-1))) {
      RatifyException e = assertThrows(RatifyException.class, bad::build);
      assertEquals(ErrorCode.CONFIG_INVALID, e.code());
      assertTrue(e.getMessage().contains("executor option 'max"), e.getMessage());
    }
  }

  @Test
  void ratifyConfigJsonSetsTheSameLimitsAsTheBuilder() throws Exception {
    String json =
        configJson(
            """
            "verificationRequestTimeout": 2500, "concurrency": 5, "maxDepth": 2,
            "maxReferrers": 100, "maxPages": 4, "maxArtifacts": 500""");
    assertEquals(CUSTOM, ConfigLoader.parse(json, "config.json").limits());
  }

  @Test
  void aV2ExecutorSetsTheSameWalkBoundsAsTheBuilder() throws Exception {
    RatifyConfig fromYaml =
        loadV2("concurrency: 5\nmaxReferrers: 100\nmaxPages: 4\nmaxArtifacts: 500");
    RatifyConfig.Builder b = RatifyConfig.builder().concurrency(5);
    RatifyConfig fromBuilder = b.maxReferrers(100).maxPages(4).maxArtifacts(500).build();
    assertEquals(fromBuilder.limits(), fromYaml.limits());
    assertEquals(
        ExecutorLimits.defaults(),
        loadV2("").limits(),
        "without them, a v2 executor has the default limits");
  }

  @Test
  void anOutOfRangeLimitInAFileIsConfigInvalidNamingTheField() {
    for (Map.Entry<String, String> e :
        Map.of(
                "maxReferrers", "0",
                "maxPages", "1001",
                "maxArtifacts", "100001",
                "maxDepth", "9")
            .entrySet()) {
      String json = configJson("\"" + e.getKey() + "\": " + e.getValue());
      RatifyException x =
          assertThrows(RatifyException.class, () -> ConfigLoader.parse(json, "config.json"));
      assertEquals(ErrorCode.CONFIG_INVALID, x.code());
      assertTrue(
          x.getMessage().contains("field 'executor." + e.getKey() + "': must be between"),
          x.getMessage());
    }
    RatifyException x = assertThrows(RatifyException.class, () -> loadV2("maxPages: 0"));
    assertEquals(ErrorCode.CONFIG_INVALID, x.code());
    assertTrue(x.getMessage().contains("maxPages': must be between 1 and 1000"), x.getMessage());
  }
}

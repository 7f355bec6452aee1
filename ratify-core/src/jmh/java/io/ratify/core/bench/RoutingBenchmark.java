package io.ratify.core.bench;

import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.core.config.ConfigSet;
import io.ratify.core.config.ExecutorConfig;
import io.ratify.core.config.RatifyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Routing cost per subject with 1,000 executors (400 repository, 300 registry and 300 wildcard
 * scopes, plus 100 namespaced ones), against a linear scan of the same patterns as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RoutingBenchmark {
  private ConfigSet set;
  private List<String> patterns;
  private Reference repoSubject;
  private Reference registrySubject;
  private Reference wildcardSubject;
  private final String repoKey = "registry399.example.com/team/app399:v1";
  private final String namespacedKey = "[team-7]registry7.example.com/team/app7:v1";

  @Setup
  public void setUp() throws RatifyException {
    RatifyConfig empty = RatifyConfig.builder().build();
    List<ExecutorConfig> executors = new ArrayList<>();
    patterns = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String scope;
      if (i < 400) {
        scope = "registry" + i + ".example.com/team/app" + i;
      } else if (i < 700) {
        scope = "registry" + i + ".example.com";
      } else {
        scope = "*.tenant" + i + ".example.org";
      }
      patterns.add(scope);
      executors.add(new ExecutorConfig("e" + i, Optional.empty(), List.of(scope), empty, "bench"));
    }
    for (int i = 0; i < 100; i++) {
      executors.add(
          new ExecutorConfig(
              "n" + i,
              Optional.of("team-" + i),
              List.of("registry" + i + ".example.com/team/app" + i),
              empty,
              "bench"));
    }
    set = ConfigSet.of(executors);
    repoSubject = Reference.parse(repoKey);
    registrySubject = Reference.parse("registry650.example.com/any/repo:v1");
    wildcardSubject = Reference.parse("eu.tenant999.example.org/any/repo:v1");
  }

  /** Routing a parsed subject to its repository scope. */
  @Benchmark
  public ExecutorConfig repositoryMatch() throws RatifyException {
    return set.select("", repoSubject);
  }

  /** Routing a parsed subject that falls through to its registry scope. */
  @Benchmark
  public ExecutorConfig registryMatch() throws RatifyException {
    return set.select("", registrySubject);
  }

  /** Routing a parsed subject that falls through to a wildcard scope (the slowest path). */
  @Benchmark
  public ExecutorConfig wildcardMatch() throws RatifyException {
    return set.select("", wildcardSubject);
  }

  /** A whole request key: parsing the key and the reference, then routing. */
  @Benchmark
  public ExecutorConfig keyParseAndRoute() throws RatifyException {
    return set.select(repoKey);
  }

  /** A namespaced request key. */
  @Benchmark
  public ExecutorConfig namespacedKeyParseAndRoute() throws RatifyException {
    return set.select(namespacedKey);
  }

  /** Parsing the reference alone, the floor of {@link #keyParseAndRoute()}. */
  @Benchmark
  public Reference parseOnly() throws RatifyException {
    return Reference.parse(repoKey);
  }

  /** Baseline: a linear scan of the 1,000 patterns, as a naive router would do per request. */
  @Benchmark
  public String linearScanWildcard() {
    String registry = wildcardSubject.registry();
    String repo = registry + "/" + wildcardSubject.repository();
    String best = null;
    int bestRank = 4;
    for (String p : patterns) {
      int rank;
      if (p.equals(repo)) {
        rank = 1;
      } else if (p.equals(registry)) {
        rank = 2;
      } else if (p.startsWith("*.")
          && registry.endsWith(p.substring(1))
          && registry.indexOf('.') == registry.length() - p.length() + 1) {
        rank = 3;
      } else {
        continue;
      }
      if (rank < bestRank) {
        bestRank = rank;
        best = p;
      }
    }
    return best;
  }
}

package io.ratify.core.internal.config;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.core.config.ConfigSet;
import io.ratify.core.config.ExecutorConfig;
import io.ratify.core.config.RatifyConfig;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects what the documents of one or more files declare (cluster and namespaced v1 plugins, v1
 * executor options, v2 executors) and assembles the {@link ConfigSet}, applying Ratify v1's
 * per-kind namespace fallback: a namespace uses its own stores, verifiers and policy when it has
 * any of that kind, else the cluster's; its key management providers are its own (named {@code
 * namespace/name}, as Ratify references them) plus the cluster's.
 */
public final class ConfigAssembler {
  private final Path baseDirectory;
  private final RatifyConfig.Builder cluster;
  private boolean clusterUsed;
  private String clusterOrigin = "";
  private final Map<String, Map<PluginKind, List<PluginConfig>>> namespaced = new LinkedHashMap<>();
  private final List<ExecutorConfig> executors = new ArrayList<>();
  private final List<String> v2Origins = new ArrayList<>();

  /**
   * @param baseDirectory the directory relative paths of v1 plugins resolve against
   */
  public ConfigAssembler(Path baseDirectory) {
    this.baseDirectory = baseDirectory;
    this.cluster = RatifyConfig.builder().baseDirectory(baseDirectory);
  }

  /** The builder of the cluster-level v1 configuration (plugins and executor options). */
  public RatifyConfig.Builder cluster(String origin) {
    if (!clusterUsed) {
      clusterOrigin = origin;
    }
    clusterUsed = true;
    return cluster;
  }

  /** Adds a cluster-level v1 plugin. */
  public void clusterPlugin(PluginConfig c) {
    cluster(c.origin()).plugin(c);
  }

  /** Adds a namespaced v1 plugin. */
  public void namespacedPlugin(String namespace, PluginConfig c) {
    namespaced
        .computeIfAbsent(namespace, n -> new EnumMap<>(PluginKind.class))
        .computeIfAbsent(c.kind(), k -> new ArrayList<>())
        .add(c);
  }

  /** Adds a v2 executor. */
  public void executor(ExecutorConfig e) {
    executors.add(e);
    v2Origins.add(e.origin());
  }

  /**
   * The cluster-level v1 configuration alone (the single-configuration API).
   *
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} when the text also declares v2
   *     executors or namespaced plugins
   */
  public RatifyConfig clusterOnly(String origin) throws RatifyException {
    if (!executors.isEmpty() || !namespaced.isEmpty()) {
      String what =
          !executors.isEmpty()
              ? v2Origins.get(0) + " is a Ratify v2 executor"
              : "namespace '" + namespaced.keySet().iterator().next() + "' has namespaced plugins";
      throw new RatifyException(
          ErrorCode.CONFIG_INVALID,
          origin + ": " + what + ", which a single configuration cannot hold",
          "load it with ConfigLoader.loadSet (the CLI does) and run it with ExecutorSet",
          null);
    }
    return cluster.build();
  }

  /** Builds the whole set. */
  public ConfigSet build() throws RatifyException {
    List<ExecutorConfig> all = new ArrayList<>(executors);
    Optional<RatifyConfig> base = Optional.empty();
    if (clusterUsed) {
      base = Optional.of(cluster.build());
      all.add(new ExecutorConfig("v1", Optional.empty(), List.of(), base.get(), clusterOrigin));
    }
    for (Map.Entry<String, Map<PluginKind, List<PluginConfig>>> e : namespaced.entrySet()) {
      all.add(namespace(e.getKey(), e.getValue(), base));
    }
    return ConfigSet.of(all);
  }

  private ExecutorConfig namespace(
      String ns, Map<PluginKind, List<PluginConfig>> own, Optional<RatifyConfig> base)
      throws RatifyException {
    RatifyConfig.Builder b = RatifyConfig.builder().baseDirectory(baseDirectory);
    if (base.isPresent()) {
      b.limits(base.get().limits());
    }
    List<PluginConfig> kmps = new ArrayList<>();
    base.ifPresent(c -> kmps.addAll(c.keyManagementProviders()));
    for (PluginConfig k : own.getOrDefault(PluginKind.KEY_MANAGEMENT_PROVIDER, List.of())) {
      kmps.add(
          new PluginConfig(k.kind(), ns + "/" + k.name(), k.type(), k.parameters(), k.origin()));
    }
    kmps.forEach(b::plugin);
    pick(own, PluginKind.STORE, base.map(RatifyConfig::stores)).forEach(b::plugin);
    pick(own, PluginKind.VERIFIER, base.map(RatifyConfig::verifiers)).forEach(b::plugin);
    pick(own, PluginKind.POLICY, base.map(c -> c.policy().stream().toList())).forEach(b::plugin);
    String origin =
        own.values().stream()
            .flatMap(List::stream)
            .findFirst()
            .map(PluginConfig::origin)
            .orElse("");
    return new ExecutorConfig("v1/" + ns, Optional.of(ns), List.of(), b.build(), origin);
  }

  private static List<PluginConfig> pick(
      Map<PluginKind, List<PluginConfig>> own,
      PluginKind kind,
      Optional<List<PluginConfig>> cluster) {
    List<PluginConfig> mine = own.getOrDefault(kind, List.of());
    return !mine.isEmpty() ? mine : cluster.orElse(List.of());
  }
}

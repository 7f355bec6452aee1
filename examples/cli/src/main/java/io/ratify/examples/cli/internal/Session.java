package io.ratify.examples.cli.internal;

import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.core.Executor;
import io.ratify.core.ExecutorFactory;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.ConfigSet;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.oras.OciLayoutStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a configuration, routes the subject to its executor and builds that executor, with the
 * layout store when asked for.
 */
public final class Session {
  private Session() {}

  /**
   * Builds the executor that the configuration (files and directories) routes {@code subject} to,
   * in {@code namespace} ({@code ""} for cluster scope); only that executor's plugins are created.
   */
  public static Executor executor(List<Path> config, String namespace, Subject subject)
      throws RatifyException {
    return executor(select(ConfigLoader.loadSet(config), namespace, subject), subject);
  }

  /** The configuration of the executor {@code subject} is routed to. */
  public static RatifyConfig select(ConfigSet set, String namespace, Subject subject)
      throws RatifyException {
    return set.select(namespace, subject.reference()).config();
  }

  /** Builds the executor for {@code subject} from a loaded configuration. */
  public static Executor executor(RatifyConfig config, Subject subject) throws RatifyException {
    PluginRegistry registry = PluginRegistry.load();
    ExecutorFactory factory = ExecutorFactory.of(registry);
    if (subject.layout().isPresent()) {
      return factory.create(config, layoutStore(subject.layout().get()));
    }
    return factory.create(config);
  }

  /** Opens the OCI layout store over {@code dir}. */
  public static Store layoutStore(Path dir) throws RatifyException {
    return OciLayoutStore.open(dir.toAbsolutePath());
  }
}

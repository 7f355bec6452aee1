package io.ratify.examples.cli.internal;

import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.core.Executor;
import io.ratify.core.ExecutorFactory;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.oras.OciLayoutStore;
import java.nio.file.Path;

/**
 * Loads a configuration and builds the executor a command runs, with the layout store when asked
 * for.
 */
public final class Session {
  private Session() {}

  /** Builds the executor for {@code subject} from the configuration file. */
  public static Executor executor(Path configFile, Subject subject) throws RatifyException {
    return executor(ConfigLoader.load(configFile), subject);
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

package io.ratify.examples.cli;

import io.ratify.core.ExecutorFactory;
import io.ratify.core.ExecutorSet;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.ConfigSet;
import io.ratify.core.config.ExecutorConfig;
import io.ratify.core.config.RatifyConfig;
import io.ratify.spi.PluginConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratify config}: commands about a configuration. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with a configuration.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /**
   * {@code ratify config check -c CONFIG...}: loads the configuration, creates every executor and
   * plugin it declares (so a missing plugin type, a bad parameter or an unreachable key vault is
   * found), prints what was built and exits 0; any problem is printed to standard error with exit
   * 2.
   */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Load and build a configuration and print its executors, scopes and plugins: exit 0 valid,"
              + " 2 invalid.")
  static final class Check implements Callable<Integer> {
    @Option(
        names = {"-c", "--config"},
        required = true,
        paramLabel = "CONFIG",
        description = "Configuration file or directory (repeatable).")
    List<Path> config;

    // read before picocli parses (RatifyCli.configureLogging); declared so that it is accepted
    @Option(
        names = {"-v", "--verbose"},
        description = "Log debug details to standard error.")
    boolean verbose;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ConfigSet set = ConfigLoader.loadSet(config);
      try (ExecutorSet built = ExecutorSet.create(set, ExecutorFactory.usingDefaultRegistry())) {
        PrintWriter out = spec.commandLine().getOut();
        // every executor and plugin was created (create() fails otherwise); report what was built
        int count = built.executors().size();
        out.println("configuration OK: " + count + (count == 1 ? " executor" : " executors"));
        for (ExecutorConfig e : set.executors()) {
          out.println(ConfigSet.describe(e) + "  [" + e.origin() + "]");
          out.println(
              "  scopes: "
                  + (e.unscoped()
                      ? "(every subject of its level)"
                      : String.join(", ", e.scopes())));
          RatifyConfig c = e.config();
          print(out, "stores", c.stores());
          print(out, "verifiers", c.verifiers());
          print(out, "key management providers", c.keyManagementProviders());
          out.println(
              "  policy: "
                  + c.policy().map(ConfigCommand::plugin).orElse("(default: config-policy, all)"));
          out.println(
              "  limits: concurrency "
                  + c.concurrency()
                  + ", timeout "
                  + c.timeout().toMillis()
                  + " ms, maxDepth "
                  + c.maxDepth()
                  + ", maxReferrers "
                  + c.maxReferrers()
                  + ", maxPages "
                  + c.maxPages()
                  + ", maxArtifacts "
                  + c.maxArtifacts());
        }
        out.flush();
        return RatifyCli.VERIFIED;
      }
    }

    private static void print(PrintWriter out, String what, List<PluginConfig> plugins) {
      out.println(
          "  "
              + what
              + ": "
              + (plugins.isEmpty()
                  ? "(none)"
                  : String.join(", ", plugins.stream().map(ConfigCommand::plugin).toList())));
    }
  }

  private static String plugin(PluginConfig c) {
    return c.name().equals(c.type()) ? c.name() : c.name() + " (" + c.type() + ")";
  }
}

package io.ratify.examples.cli;

import io.ratify.api.ValidationResult;
import io.ratify.core.Executor;
import io.ratify.core.report.ReportJson;
import io.ratify.core.report.ReportText;
import io.ratify.examples.cli.internal.Json;
import io.ratify.examples.cli.internal.Session;
import io.ratify.examples.cli.internal.Subject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ratify verify}: runs the executor on one subject and prints Ratify's verification report.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Verify a subject: exit 0 verified, 1 not verified, 2 error.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin CommonOptionsMixin options;

  @Option(
      names = "--timings",
      description =
          "Print where the time went (JVM start, configuration, plugins, validation) to standard error.")
  boolean timings;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Subject subject = options.subject();
    io.ratify.core.config.RatifyConfig config =
        Session.select(
            io.ratify.core.config.ConfigLoader.loadSet(options.config), options.namespace, subject);
    long t1 = System.nanoTime();
    try (Executor executor = Session.executor(config, subject)) {
      long t2 = System.nanoTime();
      ValidationResult result = executor.validate(subject.reference(), subject.label());
      long t3 = System.nanoTime();
      if (timings) {
        long jvmMillis =
            RatifyCli.startedAtMillis
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        spec.commandLine()
            .getErr()
            .printf(
                "timings: jvm-start-to-main=%dms config=%dms plugins+executor=%dms validate=%dms%n",
                jvmMillis, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        spec.commandLine().getErr().flush();
      }
      var out = spec.commandLine().getOut();
      if (options.output == CommonOptionsMixin.OutputFormat.json) {
        Json.print(out, ReportJson.toJson(result));
      } else {
        out.println(ReportText.render(result));
        out.flush();
      }
      return result.success() ? RatifyCli.VERIFIED : RatifyCli.NOT_VERIFIED;
    }
  }
}

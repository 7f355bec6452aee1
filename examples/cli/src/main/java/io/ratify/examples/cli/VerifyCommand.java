package io.ratify.examples.cli;

import io.ratify.api.ValidationResult;
import io.ratify.core.Executor;
import io.ratify.core.report.ReportJson;
import io.ratify.core.report.ReportText;
import io.ratify.examples.cli.internal.Session;
import io.ratify.examples.cli.internal.Subject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratify verify}: runs the executor on one subject and prints Ratify's verification report. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verify a subject: exit 0 verified, 1 not verified, 2 error.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin CommonOptionsMixin options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Subject subject = options.subject();
    try (Executor executor = Session.executor(options.config, subject)) {
      ValidationResult result = executor.validate(subject.reference(), subject.label());
      var out = spec.commandLine().getOut();
      out.println(options.output == CommonOptionsMixin.OutputFormat.json ? ReportJson.toJson(result) : ReportText.render(result));
      out.flush();
      return result.success() ? RatifyCli.VERIFIED : RatifyCli.NOT_VERIFIED;
    }
  }
}

package io.ratify.examples.cli;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.core.Executor;
import io.ratify.examples.cli.internal.Json;
import io.ratify.examples.cli.internal.Session;
import io.ratify.examples.cli.internal.Subject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code ratify resolve}: prints the digest reference a tag points to. */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description = "Resolve a tag to a digest reference.")
final class ResolveCommand implements Callable<Integer> {
  @Mixin CommonOptionsMixin options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Subject subject = options.subject();
    try (Executor executor = Session.executor(options.config, options.namespace, subject)) {
      Descriptor d =
          executor.store().resolve(subject.reference(), Deadline.after(executor.timeout()));
      var out = spec.commandLine().getOut();
      if (options.output == CommonOptionsMixin.OutputFormat.json) {
        Json.print(
            out,
            Json.object(
                "subject", subject.label(),
                "reference", pinned(subject, d),
                "digest", d.digest().toString(),
                "mediaType", d.mediaType(),
                "size", d.size()));
      } else {
        out.println(pinned(subject, d));
        out.flush();
      }
      return RatifyCli.VERIFIED;
    }
  }

  private static String pinned(Subject subject, Descriptor d) {
    if (subject.layout().isPresent()) {
      return subject.layout().get() + "@" + d.digest();
    }
    return subject.reference().pinned(d.digest()).toString();
  }
}

package io.ratify.examples.cli;

import io.ratify.api.RatifyException;
import io.ratify.examples.cli.internal.Subject;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that read a configuration and a subject. */
final class CommonOptionsMixin {
  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "CONFIG",
      description = "Configuration file: Kubernetes-style YAML documents or Ratify's config.json.")
  Path config;

  @Option(
      names = {"-s", "--subject"},
      required = true,
      paramLabel = "SUBJECT",
      description =
          "The artifact: registry/repository[:tag][@digest]; with --oci-layout, DIR:TAG or DIR@DIGEST.")
  String subject;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "json",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(names = "--oci-layout", description = "SUBJECT names an OCI image layout directory.")
  boolean ociLayout;

  @Option(
      names = "--scope",
      paramLabel = "REGISTRY/REPOSITORY",
      defaultValue = Subject.DEFAULT_LAYOUT_SCOPE,
      description =
          "With --oci-layout: the registry scope trust policies see (default: ${DEFAULT-VALUE}).")
  String scope;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log debug details to standard error.")
  boolean verbose;

  enum OutputFormat {
    json,
    text
  }

  Subject subject() throws RatifyException {
    return ociLayout ? Subject.layout(subject, scope) : Subject.registry(subject);
  }
}

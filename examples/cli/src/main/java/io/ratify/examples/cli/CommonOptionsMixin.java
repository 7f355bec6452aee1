package io.ratify.examples.cli;

import io.ratify.api.RatifyException;
import io.ratify.examples.cli.internal.Subject;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that read a configuration and a subject. */
final class CommonOptionsMixin {
  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "CONFIG",
      description =
          "Configuration file or directory (repeatable): Kubernetes-style YAML documents (Ratify v1"
              + " kinds, v2 Executor/NamespacedExecutor) or a config.json.")
  List<Path> config;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "",
      description =
          "Use this namespace's configuration first (NamespacedExecutor, Namespaced* kinds), then"
              + " the cluster's.")
  String namespace;

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

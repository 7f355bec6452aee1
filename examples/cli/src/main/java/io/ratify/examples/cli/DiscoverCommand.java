package io.ratify.examples.cli;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import io.ratify.api.internal.parse.Printable;
import io.ratify.core.Executor;
import io.ratify.examples.cli.internal.Json;
import io.ratify.examples.cli.internal.Session;
import io.ratify.examples.cli.internal.Subject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratify discover}: prints the tree of artifacts that refer to a subject. */
@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    description = "List the referrers of a subject, and theirs, as a tree.")
final class DiscoverCommand implements Callable<Integer> {
  private static final int MAX_PAGES = 16;
  private static final int MAX_NODES = 1024;

  @Mixin CommonOptionsMixin options;

  @Option(
      names = "--depth",
      defaultValue = "3",
      description =
          "Levels of referrers to list, 1 (direct referrers only) to 8 (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(
      names = {"-t", "--artifact-type"},
      description = "Only referrers of this artifact type (repeatable).")
  List<String> artifactTypes = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private int nodes;

  @Override
  public Integer call() throws Exception {
    if (depth < 1 || depth > 8) {
      throw new RatifyException(
          ErrorCode.BAD_REQUEST,
          "--depth must be between 1 and 8, got " + depth,
          "choose a depth from 1 to 8",
          null);
    }
    Subject subject = options.subject();
    try (Executor executor = Session.executor(options.config, options.namespace, subject)) {
      Store store = executor.store();
      Deadline deadline = Deadline.after(executor.timeout());
      Descriptor root = store.resolve(subject.reference(), deadline);
      List<Map<String, Object>> tree = referrers(store, subject, root, depth, deadline);
      PrintWriter out = spec.commandLine().getOut();
      if (options.output == CommonOptionsMixin.OutputFormat.json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("subject", subject.label());
        doc.put("digest", root.digest().toString());
        doc.put("mediaType", root.mediaType());
        doc.put("size", root.size());
        doc.put("referrers", tree);
        Json.print(out, Json.write(doc));
      } else {
        out.println(
            Printable.escaped(subject.label())
                + " ("
                + root.digest()
                + ", "
                + Printable.escaped(root.mediaType())
                + ")");
        printTree(out, tree, "");
        out.flush();
      }
      return RatifyCli.VERIFIED;
    }
  }

  private List<Map<String, Object>> referrers(
      Store store, Subject subject, Descriptor of, int levels, Deadline deadline)
      throws RatifyException {
    List<Descriptor> found = new ArrayList<>();
    Optional<String> token = Optional.empty();
    int pages = 0;
    do {
      if (++pages > MAX_PAGES) {
        throw new RatifyException(
            ErrorCode.LIST_REFERRERS_FAILURE,
            "more than " + MAX_PAGES + " pages of referrers for " + of.digest());
      }
      ReferrerPage page =
          store.listReferrers(
              subject.reference().pinned(of.digest()), Set.copyOf(artifactTypes), token, deadline);
      found.addAll(page.referrers());
      token = page.nextPageToken();
    } while (token.isPresent());
    found.sort(
        Comparator.comparing((Descriptor d) -> d.artifactTypeOrEmpty())
            .thenComparing(d -> d.digest().toString()));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Descriptor d : found) {
      if (++nodes > MAX_NODES) {
        throw new RatifyException(
            ErrorCode.LIST_REFERRERS_FAILURE,
            "more than " + MAX_NODES + " referrers in the tree",
            "lower --depth",
            null);
      }
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("digest", d.digest().toString());
      node.put("artifactType", d.artifactTypeOrEmpty());
      node.put("mediaType", d.mediaType());
      node.put("size", d.size());
      if (!d.annotations().isEmpty()) {
        node.put("annotations", new java.util.TreeMap<>(d.annotations()));
      }
      node.put(
          "referrers", levels > 1 ? referrers(store, subject, d, levels - 1, deadline) : List.of());
      out.add(node);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void printTree(PrintWriter out, List<Map<String, Object>> nodes, String indent) {
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, Object> n = nodes.get(i);
      boolean last = i == nodes.size() - 1;
      out.println(
          indent
              + (last ? "└── " : "├── ")
              + Printable.escaped(String.valueOf(n.get("artifactType")))
              + "  "
              + n.get("digest")
              + "  "
              + Printable.escaped(String.valueOf(n.get("mediaType")))
              + "  "
              + n.get("size")
              + " B");
      printTree(
          out, (List<Map<String, Object>>) n.get("referrers"), indent + (last ? "    " : "│   "));
    }
  }
}

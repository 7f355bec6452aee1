package io.ratify.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small read-only {@link Store} over an OCI image layout, for tests: resolves tags from {@code
 * index.json}, finds referrers by scanning the manifests listed there for a {@code subject}, and
 * checks digests and sizes of everything it returns.
 */
public final class LayoutStore implements Store {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BLOB = 64L << 20;
  private final Path dir;

  public LayoutStore(Path dir) {
    this.dir = dir;
  }

  @Override
  public String name() {
    return "layout";
  }

  @Override
  public String type() {
    return "oci-layout";
  }

  private List<Descriptor> index() throws RatifyException {
    try {
      JsonNode idx = JSON.readTree(Files.readAllBytes(dir.resolve("index.json")));
      List<Descriptor> out = new ArrayList<>();
      for (JsonNode m : idx.path("manifests")) {
        out.add(descriptor(m));
      }
      return out;
    } catch (IOException e) {
      throw new RatifyException(
          ErrorCode.REFERRER_STORE_FAILURE, "cannot read index.json of " + dir, e);
    }
  }

  @Override
  public Descriptor resolve(Reference reference, Deadline deadline) throws RatifyException {
    for (Descriptor d : index()) {
      if (reference.digest().map(d.digest()::equals).orElse(false)
          || (reference.digest().isEmpty()
              && reference
                  .tag()
                  .equals(
                      Optional.ofNullable(
                          d.annotations().get("org.opencontainers.image.ref.name"))))) {
        return d;
      }
    }
    throw new RatifyException(
        ErrorCode.RESOURCE_NOT_FOUND, reference + " is not in the layout " + dir);
  }

  @Override
  public ReferrerPage listReferrers(
      Reference subject, Set<String> artifactTypes, Optional<String> pageToken, Deadline deadline)
      throws RatifyException {
    List<Descriptor> out = new ArrayList<>();
    for (Descriptor d : index()) {
      if (!d.mediaType().equals(io.ratify.api.MediaTypes.OCI_MANIFEST)) {
        continue;
      }
      Manifest m = fetchManifest(subject, d, deadline);
      if (m.subject().map(s -> s.digest().equals(subject.digest().orElseThrow())).orElse(false)) {
        String type = m.effectiveArtifactType().orElse("");
        if (artifactTypes.isEmpty() || artifactTypes.contains(type)) {
          out.add(d.withArtifactType(type).withAnnotations(m.annotations()));
        }
      }
    }
    return ReferrerPage.last(out);
  }

  @Override
  public Manifest fetchManifest(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException {
    byte[] bytes = fetchBlob(repository, descriptor, deadline);
    try {
      JsonNode n = JSON.readTree(bytes);
      List<Descriptor> layers = new ArrayList<>();
      for (JsonNode l : n.has("layers") ? n.path("layers") : n.path("blobs")) {
        layers.add(descriptor(l));
      }
      List<Descriptor> manifests = new ArrayList<>();
      for (JsonNode l : n.path("manifests")) {
        manifests.add(descriptor(l));
      }
      return new Manifest(
          descriptor,
          bytes,
          Optional.ofNullable(n.path("artifactType").textValue()),
          n.has("config") ? Optional.of(descriptor(n.get("config"))) : Optional.empty(),
          layers,
          manifests,
          n.has("subject") ? Optional.of(descriptor(n.get("subject"))) : Optional.empty(),
          annotations(n));
    } catch (IOException | IllegalArgumentException e) {
      throw new RatifyException(
          ErrorCode.MANIFEST_INVALID, "manifest " + descriptor.digest() + " is malformed", e);
    }
  }

  @Override
  public byte[] fetchBlob(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException {
    deadline.check("reading " + descriptor.digest());
    Path p =
        dir.resolve("blobs")
            .resolve(descriptor.digest().algorithm())
            .resolve(descriptor.digest().hex());
    try {
      if (!Files.isRegularFile(p)) {
        throw new RatifyException(
            ErrorCode.RESOURCE_NOT_FOUND, "blob " + descriptor.digest() + " is not in " + dir);
      }
      if (Files.size(p) != descriptor.size() || descriptor.size() > MAX_BLOB) {
        throw new RatifyException(
            ErrorCode.DIGEST_MISMATCH, "blob " + descriptor.digest() + " has the wrong size");
      }
      byte[] b = Files.readAllBytes(p);
      if (!descriptor.digest().matches(b)) {
        throw new RatifyException(
            ErrorCode.DIGEST_MISMATCH,
            "blob " + descriptor.digest() + " does not match its digest");
      }
      return b;
    } catch (IOException e) {
      throw new RatifyException(ErrorCode.REFERRER_STORE_FAILURE, "cannot read " + p, e);
    }
  }

  private static Descriptor descriptor(JsonNode n) throws RatifyException {
    return new Descriptor(
        n.path("mediaType").asText(),
        Digest.parse(n.path("digest").asText()),
        n.path("size").asLong(),
        Optional.ofNullable(n.path("artifactType").textValue()),
        annotations(n));
  }

  private static Map<String, String> annotations(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.path("annotations").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}

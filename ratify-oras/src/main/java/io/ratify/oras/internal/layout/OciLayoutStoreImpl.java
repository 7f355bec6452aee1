package io.ratify.oras.internal.layout;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import io.ratify.api.internal.parse.BoundedFiles;
import io.ratify.api.internal.parse.Printable;
import io.ratify.oras.internal.oci.OciJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code oci-layout} store: one OCI image layout directory (OCI image spec, "image layout"),
 * treated as one repository, so the registry and repository of references are ignored.
 *
 * <ul>
 *   <li>Tags are the {@code org.opencontainers.image.ref.name} annotations of {@code index.json}
 *       entries.
 *   <li>Referrers are the manifests listed in {@code index.json} whose {@code subject} is the
 *       subject, plus the entries of the referrers tag-schema index {@code <alg>-<hex>}, without
 *       duplicates. The artifact type of a scanned manifest is its {@code artifactType}, else its
 *       config media type (legacy signature form).
 *   <li>Content is read only from {@code blobs/<alg>/<hex>} of a validated digest, never outside
 *       the layout directory, and is checked against size and digest on every read. {@code
 *       index.json} is re-read on every call, so the store sees changes made by other tools.
 * </ul>
 *
 * Thread-safe (no mutable state).
 */
public final class OciLayoutStoreImpl implements Store {
  /** The annotation that names an {@code index.json} entry. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final String name;
  private final Path root;
  private final long maxManifestBytes;
  private final long maxBlobBytes;

  private OciLayoutStoreImpl(String name, Path root, long maxManifestBytes, long maxBlobBytes) {
    this.name = name;
    this.root = root;
    this.maxManifestBytes = maxManifestBytes;
    this.maxBlobBytes = maxBlobBytes;
  }

  /**
   * Opens a layout, checking its {@code oci-layout} marker and {@code index.json}.
   *
   * @throws RatifyException with {@link ErrorCode#CONFIG_INVALID} when the directory is not an OCI
   *     image layout
   */
  public static OciLayoutStoreImpl open(
      String name, Path directory, long maxManifestBytes, long maxBlobBytes)
      throws RatifyException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(directory, "directory");
    Path root;
    try {
      root = directory.toRealPath();
    } catch (IOException e) {
      throw notALayout(directory, "the directory does not exist");
    }
    if (!Files.isDirectory(root)) {
      throw notALayout(directory, "not a directory");
    }
    OciLayoutStoreImpl store = new OciLayoutStoreImpl(name, root, maxManifestBytes, maxBlobBytes);
    byte[] marker;
    try {
      marker = store.readBounded(root.resolve("oci-layout"), 4096, "oci-layout");
    } catch (RatifyException e) {
      throw notALayout(directory, "the oci-layout file is missing or unreadable");
    }
    JsonNode version;
    try {
      version = OciJson.readObject(marker, "oci-layout").get("imageLayoutVersion");
    } catch (RatifyException e) {
      throw notALayout(directory, "the oci-layout file is not JSON");
    }
    if (version == null || !version.isTextual() || !version.textValue().startsWith("1.")) {
      throw notALayout(directory, "imageLayoutVersion is not 1.x");
    }
    try {
      store.index();
    } catch (RatifyException e) {
      throw new RatifyException(
          ErrorCode.CONFIG_INVALID,
          "OCI layout " + directory + ": index.json is unusable",
          "check the layout",
          e);
    }
    return store;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "oci-layout";
  }

  @Override
  public Descriptor resolve(Reference reference, Deadline deadline) throws RatifyException {
    deadline.check("resolve " + reference);
    List<Descriptor> index = index();
    if (reference.digest().isPresent()) {
      Digest d = reference.digest().get();
      for (Descriptor e : index) {
        if (e.digest().equals(d)) {
          return plain(e);
        }
      }
      // Not a top-level entry (e.g. a platform manifest of an index): its own mediaType field names
      // its type.
      byte[] bytes = readBlob(d, -1, maxManifestBytes, "manifest " + d);
      String type =
          OciJson.declaredMediaType(bytes, "manifest " + d)
              .filter(OciJson::isManifestType)
              .orElseThrow(
                  () ->
                      new RatifyException(
                          ErrorCode.GET_SUBJECT_DESCRIPTOR_FAILURE,
                          "resolve " + d + ": the blob does not declare a manifest media type",
                          null,
                          null));
      return Descriptor.of(type, d, bytes.length);
    }
    String tag = reference.tag().orElse("latest");
    Descriptor found = null;
    for (Descriptor e : index) {
      if (tag.equals(e.annotations().get(REF_NAME))) {
        if (found != null && !found.digest().equals(e.digest())) {
          throw new RatifyException(
              ErrorCode.GET_SUBJECT_DESCRIPTOR_FAILURE,
              "resolve tag '" + tag + "' in " + root + ": it names two different manifests",
              "fix the layout's index.json",
              null);
        }
        found = e;
      }
    }
    if (found == null) {
      throw new RatifyException(
          ErrorCode.RESOURCE_NOT_FOUND,
          "resolve tag '" + tag + "' in " + root + ": no index.json entry has that " + REF_NAME,
          "check the tag",
          null);
    }
    return plain(found);
  }

  /**
   * The descriptor of an index entry without the layout's own annotations (the tag is not part of
   * the content).
   */
  private static Descriptor plain(Descriptor e) {
    Map<String, String> ann = new LinkedHashMap<>(e.annotations());
    ann.remove(REF_NAME);
    return new Descriptor(e.mediaType(), e.digest(), e.size(), e.artifactType(), ann);
  }

  @Override
  public ReferrerPage listReferrers(
      Reference subject, Set<String> artifactTypes, Optional<String> pageToken, Deadline deadline)
      throws RatifyException {
    Digest digest =
        subject
            .digest()
            .orElseThrow(
                () ->
                    new RatifyException(
                        ErrorCode.BAD_REQUEST,
                        "list referrers of " + subject + ": the subject has no digest",
                        "resolve the subject first",
                        null));
    if (pageToken.isPresent()) {
      throw new RatifyException(
          ErrorCode.BAD_REQUEST,
          "list referrers: this store returns every referrer on the first page",
          "do not pass a page token",
          null);
    }
    Map<Digest, Descriptor> found = new LinkedHashMap<>();
    List<Descriptor> index = index();
    for (Descriptor e : index) {
      deadline.check("list referrers of " + digest);
      if (!e.mediaType().equals(MediaTypes.OCI_MANIFEST)
          && !e.mediaType().equals(MediaTypes.OCI_ARTIFACT_MANIFEST)) {
        continue;
      }
      Manifest m = fetchManifest(subject, plain(e), deadline);
      if (m.subject().map(s -> s.digest().equals(digest)).orElse(false)) {
        found.putIfAbsent(
            e.digest(),
            new Descriptor(
                e.mediaType(), e.digest(), e.size(), m.effectiveArtifactType(), m.annotations()));
      }
    }
    String tag = digest.tagSchemaTag();
    for (Descriptor e : index) {
      if (tag.equals(e.annotations().get(REF_NAME)) && e.mediaType().equals(MediaTypes.OCI_INDEX)) {
        Manifest tagIndex = fetchManifest(subject, plain(e), deadline);
        for (Descriptor r : tagIndex.manifests()) {
          found.putIfAbsent(r.digest(), r);
        }
      }
    }
    List<Descriptor> out = new ArrayList<>();
    for (Descriptor d : found.values()) {
      if (artifactTypes.isEmpty() || artifactTypes.contains(d.artifactTypeOrEmpty())) {
        out.add(d);
      }
    }
    return ReferrerPage.last(out);
  }

  @Override
  public Manifest fetchManifest(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException {
    deadline.check("fetch manifest " + descriptor.digest());
    if (!OciJson.isManifestType(descriptor.mediaType())) {
      throw new RatifyException(
          ErrorCode.GET_REFERRER_MANIFEST_FAILURE,
          "fetch manifest "
              + descriptor.digest()
              + ": '"
              + Printable.of(descriptor.mediaType())
              + "' is not a manifest type",
          null,
          null);
    }
    byte[] bytes =
        readBlob(
            descriptor.digest(),
            descriptor.size(),
            maxManifestBytes,
            "manifest " + descriptor.digest());
    return OciJson.parseManifest(descriptor, bytes);
  }

  @Override
  public byte[] fetchBlob(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException {
    deadline.check("fetch blob " + descriptor.digest());
    return readBlob(
        descriptor.digest(), descriptor.size(), maxBlobBytes, "blob " + descriptor.digest());
  }

  private List<Descriptor> index() throws RatifyException {
    byte[] bytes = readBounded(root.resolve("index.json"), maxManifestBytes, "index.json");
    return OciJson.parseIndex(bytes, "index.json of " + root);
  }

  /**
   * Reads {@code blobs/<alg>/<hex>}; {@code expectedSize < 0} means unknown (then only the bound
   * applies).
   */
  private byte[] readBlob(Digest digest, long expectedSize, long bound, String what)
      throws RatifyException {
    if (expectedSize > bound) {
      throw new RatifyException(
          ErrorCode.SIZE_LIMIT_EXCEEDED,
          what + ": " + expectedSize + " bytes exceed the bound of " + bound,
          "raise the store's size bound if legitimate",
          null);
    }
    // Digest admits only a known algorithm and lower-case hex, so this path cannot leave blobs/.
    Path file = root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    byte[] bytes = readBounded(file, expectedSize >= 0 ? expectedSize : bound, what);
    if (expectedSize >= 0 && bytes.length != expectedSize) {
      throw new RatifyException(
          ErrorCode.DIGEST_MISMATCH,
          what + ": the file has " + bytes.length + " bytes, the descriptor says " + expectedSize,
          "the layout is corrupt",
          null);
    }
    if (!digest.matches(bytes)) {
      throw new RatifyException(
          ErrorCode.DIGEST_MISMATCH,
          what + ": the file does not match its digest",
          "the layout is corrupt or was tampered with",
          null);
    }
    return bytes;
  }

  /** Reads at most {@code limit} bytes of a regular file inside the layout; more is an error. */
  private byte[] readBounded(Path file, long limit, String what) throws RatifyException {
    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      throw new RatifyException(
          ErrorCode.RESOURCE_NOT_FOUND,
          what + ": not in the layout " + root,
          "check the layout",
          null);
    } catch (IOException e) {
      throw new RatifyException(
          ErrorCode.GET_BLOB_CONTENT_FAILURE, what + ": cannot read it from " + root, null, e);
    }
    if (!real.startsWith(root) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new RatifyException(
          ErrorCode.GET_BLOB_CONTENT_FAILURE,
          what + ": not a regular file inside the layout " + root,
          "check the layout for links pointing outside it",
          null);
    }
    try {
      // the real path is opened without following a link, so a link swapped in after the checks
      // above is refused; the bound holds while reading
      return BoundedFiles.read(
          real, (int) Math.min(Integer.MAX_VALUE - 9, limit), BoundedFiles.Links.REFUSE);
    } catch (BoundedFiles.TooLargeException e) {
      throw new RatifyException(
          ErrorCode.SIZE_LIMIT_EXCEEDED, what + ": larger than " + limit + " bytes", null, null);
    } catch (IOException e) {
      throw new RatifyException(
          ErrorCode.GET_BLOB_CONTENT_FAILURE, what + ": cannot read it from " + root, null, e);
    }
  }

  private static RatifyException notALayout(Path dir, String why) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID,
        "OCI layout " + dir + ": " + why,
        "give the directory that holds oci-layout and index.json",
        null);
  }

  @Override
  public String toString() {
    return "OciLayoutStore[" + name + " at " + root + "]";
  }
}

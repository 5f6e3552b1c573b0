package dev.autopilot.api.attachment;

import dev.autopilot.api.issue.IssueRepository;
import dev.autopilot.api.issue.UntrustedText;
import dev.autopilot.api.live.BoardEvent;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.security.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Stores uploads in PostgreSQL and hands them back. */
@ApplicationScoped
public class AttachmentService {

  private final IssueRepository issues;
  private final AttachmentConfig config;
  private final Event<BoardEvent> board;

  public AttachmentService(
      IssueRepository issues, AttachmentConfig config, Event<BoardEvent> board) {
    this.config = config;
    this.issues = issues;
    this.board = board;
  }

  /** A stored file and its metadata. */
  public record Download(Attachment meta, byte[] data) {}

  /** Stores a file uploaded to a temporary path; 413 above the configured cap. */
  @Transactional
  public Attachment upload(
      long issueId, String filename, String contentType, Path file, Actor actor) {
    issues.require(issueId);
    byte[] data;
    try {
      if (Files.size(file) > config.maxSizeBytes()) {
        throw ProblemException.tooLarge(
            "Attachments are limited to " + config.maxSizeBytes() + " bytes.");
      }
      data = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Attachment meta = new Attachment();
    meta.id = UUID.randomUUID();
    meta.issueId = issueId;
    meta.filename = safeName(filename);
    meta.contentType = SafeContentType.normalise(contentType);
    meta.sizeBytes = data.length;
    meta.sha256 = sha256(data);
    meta.createdBy = actor.name();
    meta.createdAt = Instant.now();
    meta.persist();
    AttachmentContent content = new AttachmentContent();
    content.attachmentId = meta.id;
    content.data = data;
    content.persist();
    board.fire(BoardEvent.of(BoardEvent.Type.UPDATED, issueId));
    return meta;
  }

  /** The attachments of an issue. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Attachment> list(long issueId) {
    issues.require(issueId);
    return Attachment.of(issueId);
  }

  /** The file with this id, or 404. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Download download(UUID id) {
    Attachment meta = Attachment.findById(id);
    AttachmentContent content = meta == null ? null : AttachmentContent.findById(id);
    if (content == null) {
      throw ProblemException.notFound("Attachment " + id + " does not exist.");
    }
    return new Download(meta, content.data);
  }

  private static String safeName(String raw) {
    String name = UntrustedText.line(raw == null ? "" : raw);
    // Keep only the last path segment: a name is a label, never a path.
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      name = "upload";
    }
    return name.length() > 255 ? name.substring(name.length() - 255) : name;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

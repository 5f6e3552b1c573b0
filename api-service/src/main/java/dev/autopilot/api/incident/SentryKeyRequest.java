package dev.autopilot.api.incident;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A DSN key presented on an ingest request, and the client address it came from. */
public class SentryKeyRequest extends BaseAuthenticationRequest {

  private final String key;
  private final String client;

  public SentryKeyRequest(String key, String client) {
    this.key = key;
    this.client = client;
  }

  public String key() {
    return key;
  }

  /** The client's address (a trusted proxy's X-Forwarded-For believed), for the lookup budget. */
  public String client() {
    return client;
  }
}

package dev.autopilot.api.incident;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A DSN key presented on an ingest request, and the project id the request's path names. */
public class SentryKeyRequest extends BaseAuthenticationRequest {

  private final String key;

  public SentryKeyRequest(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}

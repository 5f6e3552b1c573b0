package dev.autopilot.contract;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Why a run {@link Outcome#FAILED failed}; the board shows it on the run and the thread. */
public enum FailureReason {
  /** The agent command could not be started at all. */
  SETUP,
  /** The model API refused the credentials. */
  AUTH,
  /** The agent hit its cost cap. */
  BUDGET,
  /** The agent hit its turn cap. */
  TURNS,
  /** The run took longer than the runner allows. */
  TIMEOUT,
  /** A human cancelled the run. */
  CANCELLED,
  /** The agent ended without a result; also any reason this build does not know. */
  @JsonEnumDefaultValue
  CRASH,
  /** The runner's own git work failed (fetch, commit, push). */
  GIT,
  /** The agent touched files the runner never commits (CI files, links out, nested repos). */
  PROTECTED,
  /** The agent wrote files too large to commit. */
  TOO_LARGE,
  /** The runner stopped renewing its lease: it died or lost the network. */
  LEASE_EXPIRED,
  /**
   * The model API was overloaded or rate-limiting, or the network to it dropped: the issue is tried
   * again later by itself (a bounded number of times).
   */
  TRANSIENT
}

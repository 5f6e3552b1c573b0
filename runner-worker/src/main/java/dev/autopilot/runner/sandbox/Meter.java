package dev.autopilot.runner.sandbox;

import java.util.function.DoubleConsumer;

/**
 * One run's model usage as the gateway saw it in the provider's responses: the figure the spend
 * caps use, since anything in the sandbox can write to the CLI's stdout and forge what it says.
 */
public final class Meter {

  private final DoubleConsumer listener;
  private double costUsd;
  private long inputTokens;
  private long outputTokens;
  private int calls;

  Meter(DoubleConsumer listener) {
    this.listener = listener == null ? c -> {} : listener;
  }

  /** Adds one response's usage (or the part of it a stream has shown since the last update). */
  void add(long input, long output, double usd) {
    double total;
    synchronized (this) {
      inputTokens += input;
      outputTokens += output;
      costUsd += usd;
      total = costUsd;
    }
    if (usd > 0) {
      listener.accept(total);
    }
  }

  synchronized void call() {
    calls++;
  }

  /** The run's metered cost so far, in USD. */
  public synchronized double costUsd() {
    return costUsd;
  }

  /** Input plus output tokens so far (cache reads and writes count as input). */
  public synchronized long tokens() {
    return inputTokens + outputTokens;
  }

  /** Model calls that reached the provider. */
  public synchronized int calls() {
    return calls;
  }
}

package dev.autopilot.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method whose request body is capped from its headers, before any of it is read: a body
 * without a {@code Content-Length} gets 411, a larger one 413. Bound to the matched method, so
 * every spelling of its path ({@code %66eedback}, {@code //}, dot segments) is capped alike.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CappedBody {

  /** The cap in bytes, when it is fixed. */
  long bytes() default -1;

  /** A configuration key holding the cap, read once; used when {@link #bytes()} is not set. */
  String property() default "";

  /** What the caller is told the body is, e.g. "Feedback". */
  String what() default "The request body";
}

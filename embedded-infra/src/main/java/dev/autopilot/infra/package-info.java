/** Real infrastructure started in-process for tests and the local run. */
package dev.autopilot.infra;

/** Records shared by api-service and runner-worker; no framework dependencies. */
package dev.autopilot.contract;

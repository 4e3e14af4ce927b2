import { setImmediate } from 'node:timers/promises';

/**
 * Lets waiting HTTP requests run. The database driver is synchronous, so a loop of awaited
 * queries never leaves the microtask queue: a background sweep over a thousand patients would
 * hold every request (an alert, a ward refresh) until it ends. Background loops call this between
 * units of work so that a request waits for one patient's transaction at most.
 */
export function yieldToRequests(): Promise<void> {
  return setImmediate();
}

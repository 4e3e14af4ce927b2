/**
 * Throttling of password (and second-factor) guesses, after the OWASP Authentication Cheat Sheet
 * ("Protect against automated attacks": per-account and per-address limits, exponential delays
 * rather than hard lock-outs) and ASVS 4.0 V2.2.1 (anti-automation that does not let an attacker
 * lock a legitimate user out).
 *
 * An attempt is reserved before the password is checked (the scrypt check is asynchronous), so
 * parallel guesses are counted while they are in flight: 40 requests at once get 5 checks and
 * 35 refusals, never 40 checks.
 *
 * - Per account and address, from an address that has never signed in to that account: 5
 *   failures in 15 minutes, then refused until the oldest leaves the window.
 * - Per account and address, from a "known" address (one that has signed in to that account
 *   before, such as the clinician's own ward tablet): 5 attempts, then a delay that doubles with
 *   each further failure (1, 2, 4, 8 minutes, at most 15) from the last failure, so a tired
 *   clinician's typos cost a minute, not a quarter of an hour. A success clears it; failures are
 *   forgotten a day after the last one.
 * - Per account, across all addresses: at most 20 failures in 15 minutes from addresses that
 *   have never signed in to that account. An address that has signed in to the account before
 *   ("known") is not held back by failures from elsewhere, so an attacker cannot lock a
 *   clinician out of their own ward's tablet.
 * - Per address, across accounts: at most 50 failures in 15 minutes (a ward's tablets often
 *   share one address behind NAT, so this is a backstop against spraying many accounts); known
 *   account-address pairs are not held back by it.
 *
 * Kept in memory, per API instance: a restart forgets it, which gives an attacker one fresh set
 * of attempts and clinicians a fresh start.
 */

export interface Reservation {
  /** The checked attempt failed: it counts from now on. */
  fail(now: number): void;
  /** The checked attempt succeeded. */
  succeed(now: number): void;
}

export type Reserved = { ok: true; attempt: Reservation } | { ok: false; retryAfterSeconds: number };

interface DelayState {
  failures: number;
  lastFailureAt: number;
  inFlight: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Stale entries are swept when a map grows past this. */
const SWEEP_AT = 10_000;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Per key: a number of free attempts, then a delay that doubles with each failure. */
export class GrowingDelay {
  private readonly states = new Map<string, DelayState>();

  constructor(
    readonly freeAttempts = 5,
    readonly firstDelayMs = MINUTE,
    readonly maxDelayMs = 15 * MINUTE,
    readonly forgetAfterMs = DAY,
  ) {}

  /** Milliseconds before another attempt for this key may start (0: now). */
  waitMs(key: string, now: number): number {
    const s = this.state(key, now);
    if (!s) return 0;
    if (s.failures + s.inFlight < this.freeAttempts) return 0;
    // Past the free attempts only one guess at a time is checked.
    if (s.inFlight > 0) return 1000;
    const delay = Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** (s.failures - this.freeAttempts));
    return Math.max(0, s.lastFailureAt + delay - now);
  }

  begin(key: string, now: number): void {
    const s = this.state(key, now) ?? { failures: 0, lastFailureAt: now, inFlight: 0 };
    s.inFlight++;
    this.states.set(key, s);
    if (this.states.size > SWEEP_AT) this.sweep(now);
  }

  end(key: string, outcome: 'failure' | 'success', now: number): void {
    const s = this.states.get(key);
    if (!s) return;
    s.inFlight = Math.max(0, s.inFlight - 1);
    if (outcome === 'success') {
      s.failures = 0;
    } else {
      s.failures++;
      s.lastFailureAt = now;
    }
    if (s.failures === 0 && s.inFlight === 0) this.states.delete(key);
  }

  /** Reserves one attempt for the key, or says how long to wait. */
  reserve(key: string, now: number): Reserved {
    const wait = this.waitMs(key, now);
    if (wait > 0) return { ok: false, retryAfterSeconds: seconds(wait) };
    this.begin(key, now);
    return {
      ok: true,
      attempt: {
        fail: (at) => this.end(key, 'failure', at),
        succeed: (at) => this.end(key, 'success', at),
      },
    };
  }

  private state(key: string, now: number): DelayState | undefined {
    const s = this.states.get(key);
    if (s && s.inFlight === 0 && now - s.lastFailureAt > this.forgetAfterMs) {
      this.states.delete(key);
      return undefined;
    }
    return s;
  }

  private sweep(now: number): void {
    for (const key of [...this.states.keys()]) this.state(key, now);
  }
}

/** Failures per key in a sliding window, counting attempts still being checked. */
class WindowCount {
  private readonly failures = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly max: number,
  ) {}

  waitMs(key: string, now: number): number {
    const list = this.recent(key, now);
    const pending = this.inFlight.get(key) ?? 0;
    if (list.length + pending < this.max) return 0;
    const oldest = list[Math.max(0, list.length + pending - this.max)] ?? now;
    return Math.max(1000, oldest + this.windowMs - now);
  }

  begin(key: string): void {
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
  }

  end(key: string, failed: boolean, now: number): void {
    const pending = (this.inFlight.get(key) ?? 1) - 1;
    if (pending > 0) this.inFlight.set(key, pending);
    else this.inFlight.delete(key);
    if (!failed) return;
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
    if (this.failures.size > SWEEP_AT) for (const k of [...this.failures.keys()]) this.recent(k, now);
  }

  /** Ends an attempt that succeeded and forgets the key's failures. */
  clear(key: string): void {
    this.end(key, false, 0);
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }
}

/** How many addresses are remembered as known for one account. */
const KNOWN_PER_ACCOUNT = 32;

export class LoginThrottle {
  private readonly knownPairs: GrowingDelay;
  private readonly unknownPairs: WindowCount;
  private readonly accounts: WindowCount;
  private readonly addresses: WindowCount;
  private readonly known = new Map<string, string[]>();

  constructor(
    options: {
      windowMs?: number;
      maxPerAccount?: number;
      maxPerAddress?: number;
      maxPerUnknownPair?: number;
      knownPairs?: GrowingDelay;
    } = {},
  ) {
    const windowMs = options.windowMs ?? 15 * MINUTE;
    this.knownPairs = options.knownPairs ?? new GrowingDelay();
    this.unknownPairs = new WindowCount(windowMs, options.maxPerUnknownPair ?? 5);
    this.accounts = new WindowCount(windowMs, options.maxPerAccount ?? 20);
    this.addresses = new WindowCount(windowMs, options.maxPerAddress ?? 50);
  }

  /** Has this address signed in to this account before? */
  isKnown(username: string, address: string): boolean {
    return this.known.get(username.toLowerCase())?.includes(address) ?? false;
  }

  /**
   * Reserves one sign-in attempt before the password is checked, or refuses with the seconds to
   * wait. The caller must end the reservation with `fail` or `succeed`.
   */
  reserve(username: string, address: string, now: number): Reserved {
    const account = username.toLowerCase();
    const pairKey = `${account}\n${address}`;
    const known = this.isKnown(account, address);
    const waits = known
      ? [this.knownPairs.waitMs(pairKey, now)]
      : [
          this.unknownPairs.waitMs(pairKey, now),
          this.accounts.waitMs(account, now),
          this.addresses.waitMs(address, now),
        ];
    const wait = Math.max(...waits);
    if (wait > 0) return { ok: false, retryAfterSeconds: seconds(wait) };
    if (known) this.knownPairs.begin(pairKey, now);
    else this.unknownPairs.begin(pairKey);
    this.accounts.begin(account);
    this.addresses.begin(address);
    const end = (failed: boolean, at: number) => {
      if (known) this.knownPairs.end(pairKey, failed ? 'failure' : 'success', at);
      else if (failed) this.unknownPairs.end(pairKey, true, at);
      else this.unknownPairs.clear(pairKey);
      this.accounts.end(account, failed, at);
      this.addresses.end(address, failed, at);
    };
    return {
      ok: true,
      attempt: {
        fail: (at) => end(true, at),
        succeed: (at) => {
          end(false, at);
          this.remember(account, address);
        },
      },
    };
  }

  private remember(account: string, address: string): void {
    const list = (this.known.get(account) ?? []).filter((a) => a !== address);
    list.push(address);
    this.known.set(account, list.slice(-KNOWN_PER_ACCOUNT));
  }
}

/**
 * Password (and code) entries at signing time, per signer: each hematologist has their own
 * attempts, so one person's wrong passwords never hold back another's signatures
 * (21 CFR 11.300(d): attempts at unauthorised use are detected; ASVS V2.2.1).
 */
export class SignatureThrottle {
  constructor(private readonly delays = new GrowingDelay()) {}

  reserve(userId: number, now: number): Reserved {
    return this.delays.reserve(`signer:${userId}`, now);
  }
}

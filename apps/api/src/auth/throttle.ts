/**
 * Login throttling: failed attempts are counted per account and per client address in a
 * sliding window (OWASP Authentication Cheat Sheet). Past the limit, logins are refused with 429
 * and Retry-After until the oldest failure leaves the window. A success clears the account's
 * count. Kept in memory: a restart forgets it, which only gives an attacker one fresh window.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly windowMs = 15 * 60_000,
    private readonly maxPerAccount = 5,
    // A ward's tablets often share one address (NAT, proxy): the address limit is a backstop
    // against spraying many accounts, the per-account limit is the main protection.
    private readonly maxPerAddress = 50,
  ) {}

  /** Seconds to wait, or 0 when an attempt may go ahead. */
  retryAfterSeconds(username: string, address: string, now: number): number {
    const waits = [
      this.wait(`u:${username.toLowerCase()}`, this.maxPerAccount, now),
      this.wait(`a:${address}`, this.maxPerAddress, now),
    ];
    return Math.max(...waits);
  }

  recordFailure(username: string, address: string, now: number): void {
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
  }

  recordSuccess(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }

  private wait(key: string, max: number, now: number): number {
    const list = this.recent(key, now);
    if (list.length < max) return 0;
    const oldest = list[list.length - max] ?? now;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }
}

/** Why the server ended a live-event stream; sent to the screen as the `stream_closed` event. */
export type StreamCloseReason =
  /** The user opened more streams than CELLWATCH_MAX_STREAMS_PER_USER: the oldest goes. */
  | 'too_many_streams'
  /** The session behind the stream ended: sign-out, deactivation, password reset, expiry, or revoked by a newer sign-in. */
  | 'session_ended';

/** Which streams to close: every stream of a user, or those of some sessions. */
export type StreamTarget = { userId: number } | { sessions: readonly string[] };

export interface OpenStream {
  userId: number;
  /** SHA-256 of the session token the stream was opened with. */
  tokenHash: string;
  /** Ends the stream (it says why to the screen first). Called at most once by the registry. */
  close(reason: StreamCloseReason): void;
}

/**
 * This process's open live-event streams, by user. Caps each user's streams (a client that
 * opens thousands cannot hold ~50 KB of server memory each) and closes streams the moment
 * their session ends, without waiting for the next heartbeat.
 */
export class StreamRegistry {
  /** Each user's streams, oldest first. */
  readonly #byUser = new Map<number, OpenStream[]>();

  /**
   * Registers a stream. If the user already has `maxPerUser`, the oldest are closed first: a
   * ward screen that reconnects always gets its stream, and a stale one (a tab left behind) goes.
   * Returns the function that unregisters it.
   */
  open(stream: OpenStream, maxPerUser: number): () => void {
    const list = this.#byUser.get(stream.userId) ?? [];
    this.#byUser.set(stream.userId, list);
    while (list.length >= maxPerUser) {
      const oldest = list.shift();
      oldest?.close('too_many_streams');
    }
    list.push(stream);
    return () => this.#remove(stream);
  }

  #remove(stream: OpenStream) {
    const list = this.#byUser.get(stream.userId);
    if (!list) return;
    const at = list.indexOf(stream);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.#byUser.delete(stream.userId);
  }

  /** Closes the streams of a user or of some sessions at once; returns how many. */
  close(target: StreamTarget, reason: StreamCloseReason): number {
    const matching: OpenStream[] = [];
    if ('userId' in target) {
      matching.push(...(this.#byUser.get(target.userId) ?? []));
    } else {
      const sessions = new Set(target.sessions);
      for (const list of this.#byUser.values())
        for (const s of list) if (sessions.has(s.tokenHash)) matching.push(s);
    }
    for (const stream of matching) {
      this.#remove(stream);
      stream.close(reason);
    }
    return matching.length;
  }

  /** How many streams are open: of one user, or in all. */
  count(userId?: number): number {
    if (userId !== undefined) return this.#byUser.get(userId)?.length ?? 0;
    let n = 0;
    for (const list of this.#byUser.values()) n += list.length;
    return n;
  }
}

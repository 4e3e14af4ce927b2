/** One server-sent event as a test reads it: its name and its JSON data. */
export interface Received {
  event: string;
  data: { type?: string; patientId?: number; data?: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * Reads a server-sent event stream: `next(n)` waits for n more events, `rest()` reads until
 * the server ends the stream.
 */
export function sse(res: { body: ReadableStream<Uint8Array> | null }) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const received: Received[] = [];
  let buffer = '';
  let ended = false;
  const pull = async (): Promise<boolean> => {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return false;
    }
    buffer += decoder.decode(value, { stream: true });
    let split = buffer.indexOf('\n\n');
    while (split >= 0) {
      const block = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) received.push({ event, data: JSON.parse(data) });
      split = buffer.indexOf('\n\n');
    }
    return true;
  };
  return {
    received,
    get ended() {
      return ended;
    },
    async next(n: number) {
      const want = received.length + n;
      while (received.length < want && (await pull()));
      return received;
    },
    async rest() {
      while (await pull());
      return received.map((e) => e.event);
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

/** Reads server-sent events from a streaming response until `count` have arrived, then stops reading. */
export async function readEvents(res: Response, count: number): Promise<Received[]> {
  const stream = sse(res);
  await stream.next(count);
  await stream.cancel();
  return stream.received;
}

/**
 * The bare reference server: Hono on @hono/node-server, started the same way as CellWatch
 * (node --import tsx), with none of its middleware, database or engine. Routes:
 *   POST /echo           answers the JSON body back (201), the floor for a vital-set POST
 *   GET  /blob?bytes=N   a JSON document of about N bytes, the floor for a read of that size
 *   GET  /rows?n=N       N ward-like rows as JSON, for the bare browser table
 *   GET  /bare-table?n=N a page that fetches /rows and renders a plain DOM table
 *   GET  /sse            a bare SSE stream; POST /publish sends one event to every stream
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';

const port = Number(process.env.PORT ?? 8788);
const blobs = new Map<number, string>();
const blob = (bytes: number) => {
  let s = blobs.get(bytes);
  if (!s) {
    const item = JSON.stringify({ t: 1_700_000_000_000, v: 37.1, id: 'vital_sets:123456' });
    const n = Math.max(1, Math.floor(bytes / (item.length + 1)));
    s = `[${Array.from({ length: n }, () => item).join(',')}]`;
    blobs.set(bytes, s);
  }
  return s;
};
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    name: `Synth-${i + 1}, Alex`,
    mrn: `SYN-${String(i + 1).padStart(6, '0')}`,
    day: `Day +${i % 30}`,
    diagnosis: 'Systemic lupus erythematosus',
    product: 'CD19 CAR-T',
    status: 'Inpatient monitoring',
  }));
const BARE_TABLE = `<!doctype html><html><head><meta charset="utf-8"><title>bare</title></head><body>
<table><tbody id="b"></tbody></table><script type="module">
const n = new URLSearchParams(location.search).get('n') ?? '1000';
const rows = await (await fetch('/rows?n=' + n)).json();
const b = document.getElementById('b');
for (const r of rows) {
  const tr = document.createElement('tr');
  for (const v of [r.name + ' MRN ' + r.mrn, r.day, r.diagnosis, r.product, r.status]) {
    const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
  }
  b.appendChild(tr);
}
</script></body></html>`;

type Send = (data: string) => void;
const streams = new Set<Send>();
let nextId = 1;

const app = new Hono()
  .post('/echo', async (c) => c.json(await c.req.json(), 201))
  .get('/blob', (c) =>
    c.body(blob(Number(c.req.query('bytes') ?? 1000)), 200, { 'content-type': 'application/json' }),
  )
  .get('/rows', (c) => c.json(rows(Number(c.req.query('n') ?? 1000))))
  .get('/bare-table', (c) => c.html(BARE_TABLE))
  .get('/sse', (c) =>
    streamSSE(c, async (stream) => {
      const queue: string[] = [];
      let wake: (() => void) | null = null;
      let closed = false;
      const send: Send = (data) => {
        queue.push(data);
        wake?.();
      };
      streams.add(send);
      stream.onAbort(() => {
        closed = true;
        streams.delete(send);
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!closed) {
        const data = queue.shift();
        if (data === undefined) {
          await new Promise<void>((r) => {
            wake = r;
          });
          wake = null;
          continue;
        }
        await stream.writeSSE({ id: String(nextId++), event: 'alert_raised', data });
      }
    }),
  )
  .post('/publish', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>;
    const data = JSON.stringify({ ...body, at: new Date().toISOString() });
    for (const send of streams) send(data);
    return c.json({ clients: streams.size }, 201);
  });

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`[echo] listening on ${port}`));
process.on('SIGTERM', () => process.exit(0));

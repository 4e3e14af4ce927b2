/** Alert latency: fever committed → alert_raised seen by every SSE client. */
import { ok, send } from './http.ts';
import { vitalsStream } from './ingest-metrics.ts';
import { fixedRate } from './load.ts';
import { type Log, type Measured, p } from './metrics.ts';
import type { Proc } from './processes.ts';
import { SseClient } from './sse.ts';
import { nowMs, round, sleep } from './stats.ts';

interface Probe {
  patientId: number;
  sentAt: number;
  seen: Set<number>;
}

/** Opens `n` SSE clients; each reports alert_raised events to `onAlert`. */
async function openClients(
  url: string,
  cookie: string,
  n: number,
  onAlert: (client: number, data: string, e: { receivedAt: number; receivedWallMs: number }) => void,
) {
  const clients = Array.from(
    { length: n },
    (_, i) =>
      new SseClient(url, cookie, (e) => {
        if (e.event === 'alert_raised') onAlert(i, e.data, e);
      }),
  );
  await Promise.all(clients.map((c) => c.ready));
  return clients;
}

export async function alertLatency(
  api: Proc,
  echo: Proc,
  cookies: { nurse: string; coordinator: string; hematologist: string },
  backgroundIds: number[],
  opts: { clients: number; probes: number; backgroundRate: number; gapMs: number },
  log: Log,
): Promise<Measured> {
  // Fresh patients, infused two days ago: a first fever is a possible CRS onset (an alert).
  const infusionAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const probeIds: number[] = [];
  const stamp = Date.now().toString(36).toUpperCase();
  for (let i = 0; i < opts.probes; i++) {
    const { patient } = await ok<{ patient: { id: number } }>(
      `${api.url}/api/patients`,
      'POST',
      cookies.coordinator,
      {
        mrn: `PROBE-${stamp}-${i}`,
        givenName: 'Probe',
        familyName: `Bench-${i}`,
        birthDate: '1980-01-01',
        sex: 'female',
        weightKg: 60,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt,
        status: 'inpatient_monitoring',
      },
    );
    probeIds.push(patient.id);
  }
  const probes = new Map<number, Probe>();
  const commitToEvent: number[] = [];
  const sendToEvent: number[] = [];
  const clients = await openClients(
    `${api.url}/api/events`,
    cookies.hematologist,
    opts.clients,
    (client, data, e) => {
      const event = JSON.parse(data) as { patientId: number; at: string };
      const probe = probes.get(event.patientId);
      if (!probe || probe.seen.has(client)) return;
      probe.seen.add(client);
      commitToEvent.push(e.receivedWallMs - Date.parse(event.at));
      sendToEvent.push(e.receivedAt - probe.sentAt);
    },
  );
  log(`  ${opts.clients} SSE clients connected; background ${opts.backgroundRate} vital sets/s`);

  // Background writes at a fixed rate, for as long as the probes take.
  const seconds = Math.ceil((opts.probes * opts.gapMs) / 1000) + 3;
  const background = fixedRate(
    vitalsStream(api.url, cookies.nurse, backgroundIds, 20),
    opts.backgroundRate,
    seconds,
  );
  await sleep(1000);
  for (const patientId of probeIds) {
    const probe: Probe = { patientId, sentAt: nowMs(), seen: new Set() };
    probes.set(patientId, probe);
    const res = await send(`${api.url}/api/patients/${patientId}/vitals`, 'POST', cookies.nurse, {
      takenAt: new Date().toISOString(),
      temperatureC: 39.2,
      heartRate: 112,
      systolic: 118,
      diastolic: 72,
      respiratoryRate: 18,
      spo2: 97,
      oxygenDevice: 'room_air',
    });
    if (res.status !== 201) throw new Error(`fever vital set → ${res.status} ${res.body}`);
    await sleep(opts.gapMs);
  }
  const bg = await background;
  await sleep(300);
  for (const c of clients) c.close();
  const expected = opts.probes * opts.clients;
  const missing = expected - commitToEvent.length;
  log(
    `  ${commitToEvent.length}/${expected} alert events; commit→event p50 ${p(commitToEvent, 0.5)} p99 ${p(commitToEvent, 0.99)} ms; POST sent→event p99 ${p(sendToEvent, 0.99)} ms; background ${bg.achieved.toFixed(0)}/s p99 ${bg.p99} ms`,
  );

  // The bare reference: a Hono SSE broadcast to as many clients, no database, no work.
  const refSamples: number[] = [];
  const refSent = new Map<number, number>();
  const refSeen = new Set<string>();
  const refClients = await openClients(`${echo.url}/sse`, '', opts.clients, (client, data, e) => {
    const { probe } = JSON.parse(data) as { probe: number };
    const key = `${probe}:${client}`;
    const sentAt = refSent.get(probe);
    if (sentAt === undefined || refSeen.has(key)) return;
    refSeen.add(key);
    refSamples.push(e.receivedAt - sentAt);
  });
  for (let i = 0; i < opts.probes; i++) {
    refSent.set(i, nowMs());
    await ok(`${echo.url}/publish`, 'POST', '', { probe: i });
    await sleep(opts.gapMs);
  }
  await sleep(300);
  for (const c of refClients) c.close();
  return {
    value: missing > 0 ? null : p(commitToEvent, 0.99),
    ...(missing > 0 && { notMeasurable: `${missing} of ${expected} alert events never arrived` }),
    reference: {
      what: `bare Hono SSE broadcast to ${opts.clients} clients, POST→event p99`,
      value: p(refSamples, 0.99),
      unit: 'ms',
    },
    ratio: round(p(sendToEvent, 0.99) / Math.max(0.01, p(refSamples, 0.99)), 2),
    details: {
      events: commitToEvent.length,
      commitToEventP50: p(commitToEvent, 0.5),
      postSentToEventP50: p(sendToEvent, 0.5),
      postSentToEventP99: p(sendToEvent, 0.99),
      backgroundAchievedRps: round(bg.achieved, 0),
      backgroundP99Ms: bg.p99,
      backgroundNon2xx: bg.non2xx,
    },
  };
}

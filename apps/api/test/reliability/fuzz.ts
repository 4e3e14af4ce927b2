import fc from 'fast-check';
import { declaredRoutes } from '../../src/http/routes.ts';
import { createTestApi, T0 } from '../helpers.ts';

export interface FuzzFigures {
  routes: number;
  payloadsTried: number;
  serverErrors: number;
  badShapes: number;
  writesFromRefusals: number;
  accepted: number;
}

const nasty = fc.constantFrom(
  "'; DROP TABLE patients; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  '\u202e\u200b\ufeff',
  '𝕮𝖊𝖑𝖑𝖂𝖆𝖙𝖈𝖍 🧬',
  '../../etc/passwd',
  '%00',
  'NaN',
  'Infinity',
  '1e309',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  'x'.repeat(5000),
);
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 0.1 + 0.2),
);
const leaf = fc.oneof(
  nasty,
  number,
  fc.boolean(),
  fc.constant(null),
  fc.string(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

/** Objects that look like the route's own body (its field names) with hostile values. */
function payloads(fieldNames: string[]) {
  const key = fieldNames.length ? fc.oneof(fc.constantFrom(...fieldNames), fc.string()) : fc.string();
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    ),
  })).node;
  return fc.oneof(fc.dictionary(key, value, { maxKeys: 12 }), value);
}

/**
 * Property-based fuzzing of every write route: hostile, malformed, oversized, wrong-typed and
 * boundary payloads. Never a 5xx; every refusal in the documented error shape; a refused
 * request writes nothing (row counts of every table and the audit trail unchanged).
 */
export async function fuzzWriteRoutes(runsPerRoute: number, seed = 7): Promise<FuzzFigures> {
  const api = await createTestApi();
  api.advance(3 * 86_400_000);
  const figures: FuzzFigures = {
    routes: 0,
    payloadsTried: 0,
    serverErrors: 0,
    badShapes: 0,
    writesFromRefusals: 0,
    accepted: 0,
  };
  try {
    const coord = await api.login('coordinator');
    const enrol = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'FUZZ-1',
        givenName: 'Fuzz',
        familyName: 'Target',
        birthDate: '1970-01-01',
        sex: 'unknown',
        weightKg: 70,
        diagnosis: 'other',
        product: 'other',
        infusionAt: new Date(T0).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    const patientId = (await enrol.json()).patient.id as number;
    const counts = async () => {
      const figures: string[] = [];
      for (const name of await api.tables()) {
        if (name === 'sessions') continue;
        figures.push(
          `${name}:${(await api.query<{ n: number }>(`select count(*) as n from "${name}"`))[0]?.n}`,
        );
      }
      return figures.join(',');
    };
    const cookies = new Map<string, string>();
    for (const spec of declaredRoutes(api.app)) {
      const key = spec.key;
      if (key.startsWith('GET ') || !spec.body || key.includes('/auth/')) continue;
      figures.routes++;
      const [method, pattern] = key.split(' ') as [string, string];
      const path = pattern.replace(':id', String(patientId)).replace(':factId', '1');
      const role =
        typeof spec.allow === 'string'
          ? 'nurse'
          : spec.allow.includes('hematologist')
            ? 'hematologist'
            : (spec.allow[0] as string);
      if (!cookies.has(role)) cookies.set(role, await api.login(role as 'nurse'));
      const shape = spec.body as unknown as {
        shape?: Record<string, unknown>;
        def?: { in?: { shape?: Record<string, unknown> } };
      };
      const fields = Object.keys(shape.shape ?? {});
      await fc.assert(
        fc.asyncProperty(payloads(fields), async (body) => {
          figures.payloadsTried++;
          const before = await counts();
          const res = await api.request(method, path, {
            cookie: cookies.get(role),
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
          if (res.status >= 500) figures.serverErrors++;
          if (res.status >= 400) {
            const json = (await res.json().catch(() => null)) as {
              error?: { code?: unknown; message?: unknown };
            } | null;
            if (!json?.error || typeof json.error.code !== 'string' || typeof json.error.message !== 'string')
              figures.badShapes++;
            if ((await counts()) !== before) figures.writesFromRefusals++;
          } else {
            figures.accepted++;
          }
          return res.status < 500;
        }),
        { numRuns: runsPerRoute, seed },
      );
    }
    return figures;
  } finally {
    await api.close();
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes } from '../src/http/routes.ts';
import { createTestApi, type TestApi } from './helpers.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('the OpenAPI document', () => {
  it('describes every route of the route table with its contract', async () => {
    const cookie = await api.login('nurse');
    const res = await api.request('GET', '/api/openapi.json', { cookie });
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
    expect(documented).toEqual(
      declaredRoutes(api.app)
        .map((r) => r.key)
        .sort(),
    );
    const vitals = doc.paths['/api/patients/{id}/vitals'].post;
    const schema = vitals.requestBody.content['application/json'].schema;
    expect(schema.properties.temperatureC.type).toBe('number');
    expect(schema.additionalProperties).toBe(false);
    expect(vitals['x-roles']).toEqual(['nurse', 'hematologist']);
    expect(doc.paths['/api/patients'].get.parameters.map((p: { name: string }) => p.name)).toContain(
      'status',
    );
  });
});

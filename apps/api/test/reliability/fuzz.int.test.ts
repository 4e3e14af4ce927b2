import { describe, expect, it } from 'vitest';
import { fuzzWriteRoutes } from './fuzz.ts';

const RUNS = Number(process.env.CELLWATCH_FUZZ_RUNS ?? 25);

describe('bad input, fuzzed', () => {
  it(`never answers 5xx, always in the error shape, and a refusal writes nothing (${RUNS} payloads per write route)`, async () => {
    const figures = await fuzzWriteRoutes(RUNS);
    console.log(`[reliability] fuzz: ${JSON.stringify(figures)}`);
    expect(figures.routes).toBeGreaterThan(15);
    expect(figures).toMatchObject({ serverErrors: 0, badShapes: 0, writesFromRefusals: 0 });
  }, 300_000);
});

import { describe, expect, it } from 'vitest';
import { crashTest } from './crash.ts';

const KILLS = Number(process.env.CELLWATCH_RELIABILITY_KILLS ?? 3);

describe('crash safety', () => {
  it(
    `keeps every acknowledged write through ${KILLS} SIGKILLs`,
    async () => {
      const figures = await crashTest(KILLS);
      console.log(`[reliability] crash: ${JSON.stringify(figures)}`);
      expect(figures.acknowledged).toBeGreaterThan(KILLS);
      expect(figures).toMatchObject({
        kills: KILLS,
        lost: 0,
        halfWritten: 0,
        integrity: 'ok',
        auditChainOk: true,
      });
    },
    60_000 + KILLS * 15_000,
  );
});

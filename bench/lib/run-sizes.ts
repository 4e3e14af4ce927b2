/** The sizes of a full bench run and of a quick (smoke test) run. */
import type { Sizes } from './cohort.ts';

export const FULL = {
  sizes: { wardPatients: 1000, wardDays: 30, timelineDays: 365, ingestPatients: 100 } satisfies Sizes,
  ladder: [25, 50, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000],
  echoLadder: [250, 500, 1000, 2000, 4000, 6000, 8000, 10000, 15000, 20000],
  stepSeconds: 5,
  /** The ingest search runs this many times; the figure is the median. */
  repeats: 3,
  panels: 20,
  alert: { clients: 100, probes: 40, backgroundRate: 200, gapMs: 150 },
  gets: { ward: 200, timeline: 20, timelineCold: 5 },
  renders: 5,
  incremental: 2000,
};
export const QUICK: typeof FULL = {
  sizes: { wardPatients: 20, wardDays: 3, timelineDays: 2, ingestPatients: 5 },
  ladder: [50, 100],
  echoLadder: [100, 200],
  stepSeconds: 1,
  repeats: 1,
  panels: 2,
  alert: { clients: 5, probes: 3, backgroundRate: 20, gapMs: 100 },
  gets: { ward: 10, timeline: 3, timelineCold: 2 },
  renders: 1,
  incremental: 50,
};

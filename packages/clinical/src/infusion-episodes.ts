/**
 * Infusion episodes: a patient may receive a second product (re-treatment after relapse or an
 * insufficient response, e.g. a CD19-BCMA product after a CD19 one). Each infusion has its own
 * Day 0 and its own toxicity course: the ASTCT consensus grades CRS and ICANS as toxicities of
 * an immune effector cell therapy counted from its infusion (Lee et al. 2019, Biol Blood Marrow
 * Transplant 25:625), so after a second infusion Day numbers, and the risk window, start again.
 * That a fact belongs to the latest infusion given before it is clinical practice (no published
 * rule spells it out); it is the one rule here.
 */
import { type DayNumbering, dayNumberer, type Instant, toEpochMs } from './time.ts';

export interface InfusionEpisodeInput {
  /** 1 for the first infusion, 2 for the first re-treatment, … */
  number: number;
  infusedAt: Instant;
}

export interface InfusionDay {
  /** The episode's number (1-based). */
  episode: number;
  /** That episode's Day 0, epoch ms. */
  infusedAt: number;
  /** The Day counted from that episode's Day 0 (negative before it: only before the first). */
  day: number;
}

/**
 * Which infusion episode an instant belongs to, and its Day there: the latest infusion at or
 * before it; an instant before the first infusion belongs to the first (a negative Day, e.g.
 * lymphodepletion). null without episodes. The episodes may come in any order.
 */
export function infusionDayAt(
  episodes: readonly InfusionEpisodeInput[],
  at: Instant,
  numbering?: DayNumbering,
): InfusionDay | null {
  const t = toEpochMs(at, 'at');
  const sorted = episodes
    .map((e) => ({ episode: e.number, infusedAt: toEpochMs(e.infusedAt, 'infusedAt') }))
    .sort((a, b) => a.infusedAt - b.infusedAt || a.episode - b.episode);
  const first = sorted[0];
  if (!first) return null;
  let current = first;
  for (const e of sorted) if (e.infusedAt <= t) current = e;
  return { ...current, day: dayNumberer(current.infusedAt, numbering)(t) };
}

/** The first infusion's Day 0 (epoch ms): milestones and the 15-year follow-up count from it. */
export function firstInfusionAt(episodes: readonly InfusionEpisodeInput[]): number | null {
  const times = episodes.map((e) => toEpochMs(e.infusedAt, 'infusedAt'));
  return times.length ? Math.min(...times) : null;
}

/**
 * The latest infusion's Day 0 (epoch ms): the current Day, the monitoring windows and the
 * prophylaxis and revaccination clocks count from it (re-treatment repeats lymphodepletion).
 */
export function latestInfusionAt(episodes: readonly InfusionEpisodeInput[]): number | null {
  const times = episodes.map((e) => toEpochMs(e.infusedAt, 'infusedAt'));
  return times.length ? Math.max(...times) : null;
}

/** One infusion episode's stretch of time: from its Day 0 until the next infusion's (exclusive). */
export interface InfusionWindow {
  /** The episode's number (1-based). */
  number: number;
  /** Its Day 0, epoch ms. */
  infusedAt: number;
  /** The next infusion's Day 0 (epoch ms, exclusive), null for the latest infusion. */
  until: number | null;
}

/** Each infusion's window, first infusion first (the episodes may come in any order). */
export function infusionWindows(episodes: readonly InfusionEpisodeInput[]): InfusionWindow[] {
  const sorted = episodes
    .map((e) => ({ number: e.number, infusedAt: toEpochMs(e.infusedAt, 'infusedAt') }))
    .sort((a, b) => a.infusedAt - b.infusedAt || a.number - b.number);
  return sorted.map((e, i) => ({ ...e, until: sorted[i + 1]?.infusedAt ?? null }));
}

/**
 * Whether an instant belongs to an infusion's window, by the rule of `infusionDayAt`: the latest
 * infusion at or before it, and an instant before the first infusion belongs to the first.
 */
export function inInfusionWindow(window: InfusionWindow, isFirst: boolean, at: number): boolean {
  return (isFirst || at >= window.infusedAt) && (window.until === null || at < window.until);
}

import { type DayNumbering, infusionDayAt } from '@cellwatch/clinical';
import type { InfusionCourse, ToxicityEpisode } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PatientsTable } from '../db/schema.ts';
import { activeInfusionEpisodes } from '../infusions/infusion-episodes.ts';

type Header = Omit<InfusionCourse, 'episodes'>;
const asProduct = (p: string) => p as Header['product'];

/** A patient's infusion episodes as course headers; a row without stored episodes has its one Day 0. */
export async function infusionHeaders(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
): Promise<Header[]> {
  const rows = await activeInfusionEpisodes(trx, patient.id);
  if (rows.length === 0 && patient.infusion_at) {
    return [
      {
        number: 1,
        product: asProduct(patient.product),
        infusedAt: patient.infusion_at,
        reason: 'first_infusion',
      },
    ];
  }
  return rows.map((r) => ({
    number: r.number,
    product: asProduct(r.product),
    infusedAt: r.infused_at,
    reason: r.reason,
  }));
}

/**
 * The CRS and ICANS episodes of the one course over time, grouped by the infusion episode their
 * onset belongs to (packages/clinical infusion-episodes.ts), the onset Day counted from that
 * infusion's Day 0. A syndrome episode that began before a re-treatment stays with the earlier
 * infusion even if it lasted past it.
 */
export function groupByInfusion(
  headers: readonly Header[],
  episodes: { crs: ToxicityEpisode[]; icans: ToxicityEpisode[] },
  numbering: DayNumbering,
): InfusionCourse[] {
  const infusions = headers.map((h, i) => ({ number: i + 1, infusedAt: h.infusedAt }));
  const courses = headers.map((h) => ({
    ...h,
    episodes: { crs: [] as ToxicityEpisode[], icans: [] as ToxicityEpisode[] },
  }));
  for (const syndrome of ['crs', 'icans'] as const) {
    for (const e of episodes[syndrome]) {
      const at = infusionDayAt(infusions, e.onsetAt ?? headers[0]?.infusedAt ?? 0, numbering);
      const course = at && courses[at.episode - 1];
      if (course)
        course.episodes[syndrome].push({ ...e, onsetDay: e.onsetAt ? (at?.day ?? e.onsetDay) : e.onsetDay });
    }
  }
  return courses;
}

import { icsCalendar, worklist } from '@cellwatch/clinical';
import { WorklistQuery } from '@cellwatch/contracts';
import { type Context, Hono } from 'hono';
import { auditedList } from '../audit/audited-read.ts';
import type { AppEnv } from '../http/env.ts';
import { query } from '../http/validate.ts';
import { followUpPicture } from './picture.ts';

const FOLLOWED = ['infused', 'inpatient_monitoring', 'outpatient_follow_up', 'long_term_follow_up'];

/** Every followed patient's doses, IgG checks and milestones, merged and sorted by date. */
async function unitWorklist(c: Context<AppEnv>, horizonDays: number) {
  const { now, regrader } = c.var.services;
  const t = now();
  const items = await auditedList(c, 'worklist', { horizonDays }, async (trx) => {
    const patients = await trx
      .selectFrom('patients')
      .selectAll()
      .where('status', 'in', FOLLOWED)
      .where('infusion_at', 'is not', null)
      .execute();
    const inputs = [];
    for (const p of patients) {
      const picture = await followUpPicture(trx, p, t, regrader.followUp);
      inputs.push({
        patientId: String(p.id),
        label: `${p.family_name}, ${p.given_name} (${p.mrn})`,
        doses: picture.doses,
        iggChecks: picture.iggChecks,
        milestones: picture.milestones,
      });
    }
    return worklist(inputs, { now: t, horizonDays });
  });
  return items.map((i) => ({ ...i, patientId: Number(i.patientId), dueAt: new Date(i.dueAt).toISOString() }));
}

/** The coordinator's worklist, and the same due IVIG doses as an iCalendar feed for the unit calendar. */
export const worklistRoutes = new Hono<AppEnv>()
  .get('/worklist', async (c) => {
    const q = query(c, WorklistQuery);
    return c.json({ items: await unitWorklist(c, q.horizonDays) }, 200);
  })
  .get('/worklist.ics', async (c) => {
    const q = query(c, WorklistQuery);
    const items = (await unitWorklist(c, q.horizonDays)).filter((i) => i.kind === 'ivig_dose');
    const body = icsCalendar(
      items.map((i) => ({
        uid: `ivig-${i.patientId}-${Date.parse(i.dueAt)}@cellwatch`,
        start: Date.parse(i.dueAt),
        allDay: true,
        summary: `IVIG: ${i.label}`,
        description: `${i.title} (${i.status})`,
      })),
      { now: c.var.services.now(), prodId: '-//CellWatch//IVIG due doses//EN', name: 'CellWatch IVIG doses' },
    );
    return c.body(body, 200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="cellwatch-ivig.ics"',
    });
  });

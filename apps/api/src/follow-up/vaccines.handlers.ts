import { enteredInErrorHandler, factMeta, impossibleTime, listFactsHandler } from '../charting/facts.ts';
import type { VaccineDosesTable } from '../db/schema-prophylaxis.ts';
import { resourceRouter } from '../http/routes.ts';
import { chartOneFact } from './chart-one-fact.ts';
import { pictureHandler } from './prophylaxis-picture.ts';
import {
  chartVaccineDose,
  listVaccineDoses,
  vaccineDoseEnteredInError,
  vaccinesPicture,
} from './vaccines.routes.ts';

/**
 * Revaccination (packages/clinical revaccination.ts): per vaccine group due, blocked with every
 * reason, or given, with the rule version; and the charted doses, correctable by entered-in-error.
 */
export const vaccineRoutes = resourceRouter()
  .openapi(
    vaccinesPicture,
    pictureHandler('vaccines', (p) => ({
      ruleVersion: p.ruleVersion,
      vaccines: p.vaccines,
      doses: p.vaccineDoses,
    })),
  )
  .openapi(
    listVaccineDoses,
    listFactsHandler<VaccineDosesTable & { id: number }, unknown>({
      table: 'vaccine_doses',
      timeColumn: 'given_at_ms',
      key: 'doses',
      toDto: (row, corrections, names) => ({
        ...factMeta(row, corrections, names),
        group: row.vaccine_group,
        vaccine: row.vaccine,
        givenAt: row.given_at,
        lot: row.lot,
      }),
    }),
  )
  .openapi(chartVaccineDose, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atMs = Date.parse(body.givenAt);
    const dose = await chartOneFact(c, id, 'vaccine_dose', 'vaccine_doses', async (_, patient, at) => ({
      impossible: [impossibleTime('givenAt', atMs, patient.birth_date, at.getTime())],
      values: {
        vaccine_group: body.group,
        vaccine: body.vaccine,
        given_at: new Date(atMs).toISOString(),
        given_at_ms: atMs,
        lot: body.lot ?? null,
      },
    }));
    return c.json({ dose }, 201);
  })
  .openapi(vaccineDoseEnteredInError, enteredInErrorHandler('vaccine_doses', 'vaccine dose'));

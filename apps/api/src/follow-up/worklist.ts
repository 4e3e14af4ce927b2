import { DAY_MS, type WorklistItem, worklist } from '@cellwatch/clinical';
import ical from 'ical-generator';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PatientsTable } from '../db/schema.ts';
import { type FollowUpOptions, followUpPicture } from './picture.ts';
import { prophylaxisPicture } from './prophylaxis-picture.ts';

const FOLLOWED = ['infused', 'inpatient_monitoring', 'outpatient_follow_up', 'long_term_follow_up'];

export interface UnitWorklistItem {
  patientId: number;
  label: string;
  kind: WorklistItem['kind'];
  dueAt: string;
  status: WorklistItem['status'];
  title: string;
  /** What a calendar may carry instead of the label: initials and the short CellWatch id. */
  feedLabel: string;
}

/** "F.L. #12": initials and the CellWatch id, never the name or the MRN. */
export function feedLabel(p: Pick<Selectable<PatientsTable>, 'id' | 'given_name' | 'family_name'>): string {
  const initial = (name: string) => (Array.from(name.trim())[0] ?? '?').toLocaleUpperCase();
  return `${initial(p.given_name)}.${initial(p.family_name)}. #${p.id}`;
}

/** Every followed patient's doses, IgG checks, milestones and vaccines, merged and sorted by date. */
export async function readUnitWorklist(
  trx: Kysely<Database>,
  now: number,
  options: FollowUpOptions,
  horizonDays: number,
): Promise<UnitWorklistItem[]> {
  const patients = await trx
    .selectFrom('patients')
    .selectAll()
    .where('status', 'in', FOLLOWED)
    .where('infusion_at', 'is not', null)
    .execute();
  const inputs = [];
  const feedLabels = new Map<string, string>();
  for (const p of patients) {
    const picture = await followUpPicture(trx, p, now, options);
    const vaccines = (await prophylaxisPicture(trx, p, now, options))?.vaccines.groups ?? [];
    inputs.push({
      patientId: String(p.id),
      label: `${p.family_name}, ${p.given_name} (${p.mrn})`,
      doses: picture.doses,
      iggChecks: picture.iggChecks,
      milestones: picture.milestones,
      vaccines,
    });
    feedLabels.set(String(p.id), feedLabel(p));
  }
  return worklist(inputs, { now, horizonDays }).map((i) => ({
    ...i,
    patientId: Number(i.patientId),
    dueAt: new Date(i.dueAt).toISOString(),
    feedLabel: feedLabels.get(i.patientId) ?? `#${i.patientId}`,
  }));
}

const KIND_NAMES: Record<UnitWorklistItem['kind'], string> = {
  ivig_dose: 'IVIG dose',
  igg_check: 'IgG check',
  milestone: 'Visit',
  vaccine: 'Vaccine',
};

/** C0 controls (except tab and newline) and DEL cannot appear in iCalendar TEXT (RFC 5545 3.3.11). */
const isControl = (c: string) => {
  const code = c.charCodeAt(0);
  return (code < 0x20 && c !== '\t' && c !== '\n') || code === 0x7f;
};
const calendarText = (value: string) =>
  [...value.replace(/\r\n?/g, '\n')].filter((c) => !isControl(c)).join('');

/**
 * The worklist as an iCalendar feed (RFC 5545, written by ical-generator: CRLF, lines folded at
 * 75 octets, TEXT escaped), one all-day event per worklist item: DTSTART the UTC date it is due,
 * DTEND the next date. A calendar leaves the hospital's systems: events carry the initials and
 * CellWatch id only, never a name or an MRN. UIDs stay the same while an item's status changes,
 * so calendar apps update the event.
 */
export function worklistCalendar(items: readonly UnitWorklistItem[], now: number): string {
  const calendar = ical({
    prodId: { company: 'CellWatch', product: 'Follow-up worklist', language: 'EN' },
    name: 'CellWatch follow-up: IVIG doses, IgG checks and visits',
  });
  for (const i of items) {
    const due = Date.parse(i.dueAt);
    // IgG checks and vaccine groups can share a date: the title tells them apart (a vaccine's
    // title starts with its group, so its UID stays while its status changes).
    const which =
      i.kind === 'igg_check'
        ? `-${i.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
        : i.kind === 'vaccine'
          ? `-${(i.title.split(/ (due|blocked)/)[0] ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
          : '';
    calendar.createEvent({
      id: `${i.kind}-${i.patientId}-${due}${which}@cellwatch`,
      stamp: new Date(now),
      start: new Date(due),
      end: new Date(due + DAY_MS),
      allDay: true,
      summary: calendarText(`${KIND_NAMES[i.kind] ?? i.kind}: ${i.feedLabel}`),
      description: calendarText(`${i.title} (${i.status})`),
    });
  }
  return `${calendar.toString()}\r\n`;
}

export const CALENDAR_HEADERS = {
  'Content-Type': 'text/calendar; charset=utf-8',
  'Content-Disposition': 'inline; filename="cellwatch-follow-up.ics"',
};

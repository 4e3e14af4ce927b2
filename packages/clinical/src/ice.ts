/**
 * Immune effector cell-associated encephalopathy (ICE) score, 0–10.
 * Source: ASTCT 2019 (Lee DW et al., Biol Blood Marrow Transplant 2019;25:625–638): orientation to
 * year, month, city, hospital (1 point each); naming 3 objects (1 each); following simple commands
 * (1); writing a standard sentence (1); counting backwards from 100 by 10 (1).
 */
import { InvalidFindingsError } from './errors.ts';

export interface IceItems {
  orientation: { year: boolean; month: boolean; city: boolean; hospital: boolean };
  namedObjects: 0 | 1 | 2 | 3;
  followsCommands: boolean;
  writesSentence: boolean;
  countsBackwardBy10: boolean;
}

function mustBeBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidFindingsError(field, 'must be true or false');
  return value;
}

/** ICE score 0–10 from the item answers. Throws InvalidFindingsError on a malformed item. */
export function iceScore(items: IceItems): number {
  if (typeof items !== 'object' || items === null)
    throw new InvalidFindingsError('iceItems', 'must be an object');
  const { orientation } = items;
  if (typeof orientation !== 'object' || orientation === null) {
    throw new InvalidFindingsError('orientation', 'must be { year, month, city, hospital }');
  }
  let score = 0;
  for (const key of ['year', 'month', 'city', 'hospital'] as const) {
    if (mustBeBoolean(orientation[key], `orientation.${key}`)) score += 1;
  }
  const named: unknown = items.namedObjects;
  if (typeof named !== 'number' || !Number.isInteger(named) || named < 0 || named > 3) {
    throw new InvalidFindingsError('namedObjects', 'must be a whole number of objects named, 0–3');
  }
  score += named;
  if (mustBeBoolean(items.followsCommands, 'followsCommands')) score += 1;
  if (mustBeBoolean(items.writesSentence, 'writesSentence')) score += 1;
  if (mustBeBoolean(items.countsBackwardBy10, 'countsBackwardBy10')) score += 1;
  return score;
}

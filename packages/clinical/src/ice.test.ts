import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import type { IceItems } from './ice.ts';
import { iceScore } from './ice.ts';

const perfect: IceItems = {
  orientation: { year: true, month: true, city: true, hospital: true },
  namedObjects: 3,
  followsCommands: true,
  writesSentence: true,
  countsBackwardBy10: true,
};

describe('iceScore: ASTCT 2019 ICE items', () => {
  it('all items correct = 10', () => expect(iceScore(perfect)).toBe(10));
  it('nothing correct = 0', () =>
    expect(
      iceScore({
        orientation: { year: false, month: false, city: false, hospital: false },
        namedObjects: 0,
        followsCommands: false,
        writesSentence: false,
        countsBackwardBy10: false,
      }),
    ).toBe(0));
  it.each(['year', 'month', 'city', 'hospital'] as const)('orientation to %s is worth 1 point', (key) => {
    expect(iceScore({ ...perfect, orientation: { ...perfect.orientation, [key]: false } })).toBe(9);
  });
  it.each([0, 1, 2, 3] as const)('naming %s objects is worth that many points', (n) => {
    expect(iceScore({ ...perfect, namedObjects: n })).toBe(7 + n);
  });
  it.each(['followsCommands', 'writesSentence', 'countsBackwardBy10'] as const)(
    '%s is worth 1 point',
    (key) => {
      expect(iceScore({ ...perfect, [key]: false })).toBe(9);
    },
  );
  it.each<[string, unknown, string]>([
    ['namedObjects 4', { ...perfect, namedObjects: 4 }, 'namedObjects'],
    ['namedObjects 1.5', { ...perfect, namedObjects: 1.5 }, 'namedObjects'],
    ['namedObjects -1', { ...perfect, namedObjects: -1 }, 'namedObjects'],
    ['orientation missing', { ...perfect, orientation: undefined }, 'orientation'],
    [
      'orientation.city not boolean',
      { ...perfect, orientation: { ...perfect.orientation, city: 'yes' } },
      'orientation.city',
    ],
    ['followsCommands missing', { ...perfect, followsCommands: undefined }, 'followsCommands'],
    ['not an object', 7, 'iceItems'],
  ])('rejects %s', (_name, items, field) => {
    expect(() => iceScore(items as IceItems)).toThrow(InvalidFindingsError);
    try {
      iceScore(items as IceItems);
    } catch (error) {
      expect((error as InvalidFindingsError).field).toBe(field);
    }
  });
  it('is always the number of items answered correctly, 0–10', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(0, 1, 2, 3),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (year, month, city, hospital, namedObjects, followsCommands, writesSentence, countsBackwardBy10) => {
          const expected =
            [year, month, city, hospital, followsCommands, writesSentence, countsBackwardBy10].filter(Boolean)
              .length + namedObjects;
          expect(
            iceScore({
              orientation: { year, month, city, hospital },
              namedObjects: namedObjects as 0 | 1 | 2 | 3,
              followsCommands,
              writesSentence,
              countsBackwardBy10,
            }),
          ).toBe(expected);
        },
      ),
    );
  });
});

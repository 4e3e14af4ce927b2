import { z } from 'zod';

/** The four roles of the care team. One role per user. */
export const Role = z.enum(['nurse', 'hematologist', 'coordinator', 'admin']);
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

/**
 * The widest window any CellWatch time can fall in: no patient alive today was born before
 * 1900, and no plan or record reaches past 2199. Times outside it are typing or system errors
 * (a year 9999 "infusion" once made every report fail), refused with 400 before any route
 * looks at them. Routes add the clinical windows (not in the future, not before birth).
 */
export const EARLIEST_TIME = '1900-01-01T00:00:00Z';
export const LATEST_TIME = '2200-01-01T00:00:00Z';
const earliestMs = Date.parse(EARLIEST_TIME);
const latestMs = Date.parse(LATEST_TIME);
const WINDOW_MESSAGE = 'must be between 1900 and 2199';

/** A UTC instant in ISO-8601 with an explicit offset (`Z` or `±hh:mm`); stored as UTC. */
export const Instant = z.iso.datetime({ offset: true }).refine((v) => {
  const ms = Date.parse(v);
  return ms >= earliestMs && ms < latestMs;
}, WINDOW_MESSAGE);

/** A calendar date `YYYY-MM-DD` (birth dates, lymphodepletion), within the same window. */
export const CalendarDate = z.iso
  .date()
  .refine((v) => v >= EARLIEST_TIME.slice(0, 10) && v < LATEST_TIME.slice(0, 10), WINDOW_MESSAGE);

/** Database row ids are positive integers; in paths they arrive as strings. */
export const IdParam = z.strictObject({ id: z.coerce.number().int().positive() });

/** The one error shape every route answers with (see DESIGN.md). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A write that takes no fields: its body must be `{}`. */
export const EmptyBody = z.strictObject({});

// Control characters hide or reorder what a record shows: a NUL cuts names short in C-based
// tools and reports, and the bidirectional overrides (U+202A–U+202E, U+2066–U+2069, the "Trojan
// Source" characters) make "Smith" and "htimS" look alike on screen. Names and identifiers take
// none of them; free text keeps tab and line breaks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/;

/** One line of text (names, identifiers, lot numbers): trimmed, no control or bidi characters. */
export const SafeLine = z
  .string()
  .trim()
  .refine((v) => !CONTROL_IN_LINE.test(v), 'must not contain control characters or line breaks')
  .refine((v) => !BIDI_OVERRIDE.test(v), 'must not contain bidirectional override characters');

/** Free text (notes, reasons): trimmed; tab and line breaks allowed, other control and bidi characters not. */
export const SafeText = z
  .string()
  .trim()
  .refine((v) => !CONTROL_IN_TEXT.test(v), 'must not contain control characters')
  .refine((v) => !BIDI_OVERRIDE.test(v), 'must not contain bidirectional override characters');

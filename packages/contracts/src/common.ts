import { z } from 'zod';

/** The four roles of the care team. One role per user. */
export const Role = z.enum(['nurse', 'hematologist', 'coordinator', 'admin']);
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

/** A UTC instant in ISO-8601 with an explicit offset (`Z` or `±hh:mm`); stored as UTC. */
export const Instant = z.iso.datetime({ offset: true });

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

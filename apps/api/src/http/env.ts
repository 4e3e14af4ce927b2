import type { SignedInUser } from '@cellwatch/contracts';
import type { ActiveSession } from '../auth/sessions.ts';
import type { Config, FollowUpOptions } from '../config.ts';
import type { Db } from '../db/sqlite.ts';
import type { EventBus } from '../events/bus.ts';
import type { CourseRegraderPort } from '../grading/regrader-port.ts';

/** What every request handler can reach through `c.var`. */
export interface Services {
  db: Db;
  config: Config;
  /** The clock; tests move it to check session expiry. */
  now: () => number;
  events: EventBus;
  regrader: CourseRegraderPort;
  /** The unit's follow-up settings (IVIG vial sizes, Day numbering), from its configuration. */
  followUp: FollowUpOptions;
}

export interface AppEnv {
  Variables: {
    services: Services;
    /** The valid session behind the request's cookie, if any. */
    session: ActiveSession | null;
    user: SignedInUser | null;
  };
}

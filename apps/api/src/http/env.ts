import type { SignedInUser } from '@cellwatch/contracts';
import type { ActiveSession } from '../auth/sessions.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/sqlite.ts';
import type { EventBus } from '../events/bus.ts';
import type { CourseRegrader } from '../grading/regrader.ts';

/** What every request handler can reach through `c.var`. */
export interface Services {
  db: Db;
  config: Config;
  /** The clock; tests move it to check session expiry. */
  now: () => number;
  events: EventBus;
  regrader: CourseRegrader;
}

export interface AppEnv {
  Variables: {
    services: Services;
    /** The valid session behind the request's cookie, if any. */
    session: ActiveSession | null;
    user: SignedInUser | null;
  };
}

import { useQuery } from '@tanstack/react-query';
import { meQuery } from './queries.ts';

/**
 * The unit's IANA time zone, from the API (CELLWATCH_UNIT_TIME_ZONE): Day numbers count the unit's
 * calendar days, whatever the zone of this device. Inside AuthGate the answer is always loaded.
 */
export function useUnitTimeZone(): string | undefined {
  return useQuery(meQuery()).data?.unit.timeZone;
}

import { describe, expect, it } from 'vitest';
import { malignanciesQuery } from '../follow-up/MalignancySection.tsx';
import { followUpPatientQuery, worklistQuery } from '../follow-up/queries.ts';
import { infusionsQuery } from '../patient/InfusionEpisodes.tsx';
import { timelineQuery, toxicityQuery, vitalsQuery } from '../patient/queries.ts';
import { isSignInQuery, queryKeys } from './query-keys.ts';

const startsWith = (key: readonly unknown[], prefix: readonly unknown[]) =>
  expect(key.slice(0, prefix.length)).toEqual(prefix);

describe('queryKeys', () => {
  it('puts everything charted for a patient under the patient, so one write refreshes it all', () => {
    startsWith(vitalsQuery(7).queryKey, queryKeys.patient(7));
    startsWith(toxicityQuery(7).queryKey, queryKeys.patient(7));
    startsWith(timelineQuery(7, { from: 'a', to: 'b' }).queryKey, queryKeys.patient(7));
    startsWith(timelineQuery(7).queryKey, queryKeys.patient(7));
    startsWith(infusionsQuery(7).queryKey, queryKeys.patient(7));
    expect(infusionsQuery(7).queryKey).toEqual(queryKeys.infusions(7));
  });
  it('puts each follow-up picture and worklist under its prefix', () => {
    startsWith(followUpPatientQuery(3).queryKey, queryKeys.followUp(3));
    startsWith(malignanciesQuery(3).queryKey, queryKeys.followUp(3));
    startsWith(queryKeys.followUp(3), queryKeys.followUps());
    startsWith(worklistQuery(14).queryKey, queryKeys.worklists());
  });
  it('tells the sign-in state apart from one user’s data', () => {
    expect(isSignInQuery(queryKeys.me())).toBe(true);
    expect(isSignInQuery(queryKeys.ward())).toBe(false);
  });
});

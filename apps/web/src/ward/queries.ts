import { Ward } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

/** The ward board, already sorted by acuity by the API. Its key is the ward's, so live events invalidate it. */
export const wardQuery = () =>
  queryOptions({
    queryKey: queryKeys.ward(),
    queryFn: ({ signal }) => apiRequest('/api/ward', { schema: Ward, signal }),
    refetchInterval: 60_000,
  });

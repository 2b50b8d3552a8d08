import type { Claim, ClaimsResponse } from '../contract/claims';
import { getJSON } from './http';

class Claims {
  list: Claim[] = $state.raw([]);
  error: string | null = $state(null);
}

/** The claims with their evidence, fetched once per page load and drawn on their panels. */
export const claims = new Claims();
let loading: Promise<void> | null = null;

export function loadClaims(): Promise<void> {
  loading ??= getJSON<ClaimsResponse>('/api/claims')
    .then((r) => {
      claims.list = r.claims;
    })
    .catch((e: unknown) => {
      claims.error = (e as Error).message;
    });
  return loading;
}

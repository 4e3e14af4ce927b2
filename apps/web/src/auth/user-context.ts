import type { SignedInUser } from '@cellwatch/contracts';
import { createContext, useContext } from 'react';

export const SignedInUserContext = createContext<SignedInUser | null>(null);

/** The signed-in user; only inside `AuthGate`, which renders its children only when signed in. */
export function useSignedInUser(): SignedInUser {
  const user = useContext(SignedInUserContext);
  if (!user) throw new Error('useSignedInUser is used outside AuthGate');
  return user;
}

import type { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { describeError } from '../api/client.ts';
import { useSignOut } from '../auth/queries.ts';
import { useSignedInUser } from '../auth/user-context.ts';
import { navigationFor, ROLE_LABELS } from './navigation.ts';

export function AppShell({ children }: { children: ReactNode }) {
  const user = useSignedInUser();
  const signOut = useSignOut();
  const navigate = useNavigate();

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <div className="shell__bar">
          <p className="brand">
            <span className="brand__mark" aria-hidden="true" />
            CellWatch
          </p>
          <nav className="nav" aria-label="Main">
            <ul>
              {navigationFor(user.role).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} className="nav__link">
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="shell__user">
            <p className="user-badge" data-testid="signed-in-user">
              <span className="user-badge__name">{user.displayName}</span>
              <span className="user-badge__role">{ROLE_LABELS[user.role]}</span>
            </p>
            <NavLink to="/account" className="button button--quiet">
              Account
            </NavLink>
            <button
              type="button"
              className="button button--quiet"
              disabled={signOut.isPending}
              onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate('/', { replace: true }) })}
            >
              {signOut.isPending ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
        {signOut.isError && (
          <p className="notice notice--error shell__notice" role="alert">
            <span className="notice__icon" aria-hidden="true">
              ✕
            </span>
            Sign-out did not reach the server, so you are still signed in: {describeError(signOut.error)}
          </p>
        )}
      </header>
      <main className="page" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

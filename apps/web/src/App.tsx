import type { Role } from '@cellwatch/contracts';
import type { ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuditTrailPage } from './admin/AuditTrailPage.tsx';
import { UsersPage } from './admin/UsersPage.tsx';
import { AlertsPage } from './alerts/AlertsPage.tsx';
import { AuthGate } from './auth/AuthGate.tsx';
import { useSignedInUser } from './auth/user-context.ts';
import { BedsidePage } from './bedside/BedsidePage.tsx';
import { FollowUpPatientPage } from './follow-up/FollowUpPatientPage.tsx';
import { WorklistPage } from './follow-up/WorklistPage.tsx';
import { LiveEvents } from './live/LiveEvents.tsx';
import { PatientPage } from './patient/PatientPage.tsx';
import { ReviewsPage } from './reviews/ReviewsPage.tsx';
import { AppShell } from './shell/AppShell.tsx';
import { homePathFor, rolesFor } from './shell/navigation.ts';
import { WardPage } from './ward/WardPage.tsx';

/** A view only some roles may open; anyone else is sent to their own first view. */
function ForRoles({ children }: { children: ReactNode }) {
  const user = useSignedInUser();
  const { pathname } = useLocation();
  const allowed: readonly Role[] = rolesFor(pathname);
  if (!allowed.includes(user.role)) return <Navigate to={homePathFor(user.role)} replace />;
  return children;
}

function Home() {
  const user = useSignedInUser();
  return <Navigate to={homePathFor(user.role)} replace />;
}

function NotFound() {
  const user = useSignedInUser();
  return (
    <section className="stack">
      <title>Not found · CellWatch</title>
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
      <p>
        <Link className="button" to={homePathFor(user.role)}>
          Go to your first view
        </Link>
      </p>
    </section>
  );
}

export function App() {
  return (
    <AuthGate>
      <AppShell>
        <LiveEvents />
        <Routes>
          <Route path="/" element={<Home />} />
          <Route
            path="/ward"
            element={
              <ForRoles>
                <WardPage />
              </ForRoles>
            }
          />
          <Route
            path="/patients/:id"
            element={
              <ForRoles>
                <PatientPage />
              </ForRoles>
            }
          />
          <Route
            path="/patients/:id/bedside"
            element={
              <ForRoles>
                <BedsidePage />
              </ForRoles>
            }
          />
          <Route
            path="/alerts"
            element={
              <ForRoles>
                <AlertsPage />
              </ForRoles>
            }
          />
          <Route
            path="/reviews"
            element={
              <ForRoles>
                <ReviewsPage />
              </ForRoles>
            }
          />
          <Route
            path="/follow-up"
            element={
              <ForRoles>
                <WorklistPage />
              </ForRoles>
            }
          />
          <Route
            path="/follow-up/:id"
            element={
              <ForRoles>
                <FollowUpPatientPage />
              </ForRoles>
            }
          />
          <Route
            path="/admin/users"
            element={
              <ForRoles>
                <UsersPage />
              </ForRoles>
            }
          />
          <Route
            path="/admin/audit"
            element={
              <ForRoles>
                <AuditTrailPage />
              </ForRoles>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </AppShell>
    </AuthGate>
  );
}

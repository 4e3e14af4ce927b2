import type { Role } from '@cellwatch/contracts';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthGate } from './auth/AuthGate.tsx';
import { useSignedInUser } from './auth/user-context.ts';
import { LiveEvents } from './live/LiveEvents.tsx';
import { AppShell } from './shell/AppShell.tsx';
import { homePathFor, rolesFor } from './shell/navigation.ts';
import { LoadingState } from './ui/states.tsx';
import { WardPage } from './ward/WardPage.tsx';

// The ward and sign-in load with the first script; every other view (and the chart library
// most of them use) is fetched the first time someone opens it.
const AuditTrailPage = lazy(() =>
  import('./admin/AuditTrailPage.tsx').then((m) => ({ default: m.AuditTrailPage })),
);
const AccountPage = lazy(() => import('./account/AccountPage.tsx').then((m) => ({ default: m.AccountPage })));
const UsersPage = lazy(() => import('./admin/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const AlertsPage = lazy(() => import('./alerts/AlertsPage.tsx').then((m) => ({ default: m.AlertsPage })));
const BedsidePage = lazy(() => import('./bedside/BedsidePage.tsx').then((m) => ({ default: m.BedsidePage })));
const FollowUpPatientPage = lazy(() =>
  import('./follow-up/FollowUpPatientPage.tsx').then((m) => ({ default: m.FollowUpPatientPage })),
);
const WorklistPage = lazy(() =>
  import('./follow-up/WorklistPage.tsx').then((m) => ({ default: m.WorklistPage })),
);
const EnrolPatientPage = lazy(() =>
  import('./patients/EnrolPatientPage.tsx').then((m) => ({ default: m.EnrolPatientPage })),
);
const PatientPage = lazy(() => import('./patient/PatientPage.tsx').then((m) => ({ default: m.PatientPage })));
const ReportsPage = lazy(() => import('./reports/ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })));
const ReviewsPage = lazy(() => import('./reviews/ReviewsPage.tsx').then((m) => ({ default: m.ReviewsPage })));

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
        <Suspense fallback={<LoadingState label="Loading view…" />}>
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
              path="/patients/new"
              element={
                <ForRoles>
                  <EnrolPatientPage />
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
              path="/reports"
              element={
                <ForRoles>
                  <ReportsPage />
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
            <Route path="/account" element={<AccountPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </AppShell>
    </AuthGate>
  );
}

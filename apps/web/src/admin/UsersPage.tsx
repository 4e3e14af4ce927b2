import { CreateUserForm } from './CreateUserForm.tsx';
import { UserTable } from './UserTable.tsx';

/** The administrator's user management: adding users, and everyone with access. */
export function UsersPage() {
  return (
    <div className="stack stack--large">
      <title>Users · CellWatch</title>
      <h1>Users</h1>
      <CreateUserForm />
      <section className="stack" aria-labelledby="team-title">
        <h2 id="team-title">Everyone with access</h2>
        <p className="muted">
          Users are never deleted: deactivate them to end their access and keep their records.
        </p>
        <UserTable />
      </section>
    </div>
  );
}

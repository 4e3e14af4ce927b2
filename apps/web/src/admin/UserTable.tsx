import { useQuery } from '@tanstack/react-query';
import { useSignedInUser } from '../auth/user-context.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { TableScroller } from '../ui/TableScroller.tsx';
import { UserRow } from './UserRow.tsx';
import { usersQuery } from './users-queries.ts';

/** Everyone with access, sorted by username. */
export function UserTable() {
  const me = useSignedInUser();
  const users = useQuery(usersQuery());
  if (users.isPending) return <LoadingState label="Loading users…" />;
  if (users.isError)
    return (
      <ErrorState
        title="The user list could not be loaded"
        error={users.error}
        onRetry={() => users.refetch()}
      />
    );
  if (users.data.users.length === 0) return <EmptyState title="No users yet" />;
  return (
    <TableScroller label="User list">
      <table className="table">
        <caption className="visually-hidden">Users, sorted by username</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col" className="col-optional">
              Added
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data.users.map((user) => (
            <UserRow key={user.id} user={user} isSelf={user.id === me.id} />
          ))}
        </tbody>
      </table>
    </TableScroller>
  );
}

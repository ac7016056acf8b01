import { useState } from 'react';
import { Badge, Button, Group, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { IconPlus } from '@tabler/icons-react';
import { type UserListParams, disableUser, enableUser, listUsers, userKeys } from '../../api/users';
import type { RoleKey, User } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { ALL, ChoiceFilter, ListTable } from '../../components/ListTable';
import { useListState } from '../../components/list-state';
import { useRowActions } from '../../components/row-actions';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useSelectedOrganization } from '../../components/organization-scope';
import { formatDateTime } from '../../format';
import { ResetPasswordModal } from './ResetPasswordModal';
import { ROLE_NAMES } from './role-options';
import { UserForm } from './UserForm';
import { ListSearch } from '../../components/ListSearch';

export function UsersPage() {
  const me = useMe();
  const { can } = useSession();
  const canWrite = can('users:write');
  const queryClient = useQueryClient();
  const list = useListState([{ id: 'name', desc: false }]);
  const [org] = useSelectedOrganization();
  const [role, setRole] = useState<string>(ALL);
  const [status, setStatus] = useState<string>(ALL);
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const [resetting, setResetting] = useState<User | null>(null);
  const actions = useRowActions(userKeys.all);

  const params: UserListParams = {
    ...list.params,
    organizationId: org ?? undefined,
    role: role === ALL ? undefined : (role as RoleKey),
    disabled: status === ALL ? undefined : status === 'disabled',
  };
  const query = useQuery({
    queryKey: userKeys.list(params),
    queryFn: () => listUsers(params),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: userKeys.all });

  const toggleDisabled = (user: User) => {
    const disabling = !user.disabled;
    return actions.perform({
      ...(disabling
        ? { confirm: { message: `Disable ${user.name}? Every session of ${user.email} ends at once.`, label: 'Disable user' } }
        : {}),
      run: () => (disabling ? disableUser(user.id) : enableUser(user.id)),
      done: `${user.name} ${disabling ? 'disabled' : 'enabled'}`,
    });
  };

  const columns: ColumnDef<User>[] = [
    { id: 'name', header: 'Name', cell: ({ row }) => row.original.name },
    { id: 'email', header: 'Email', cell: ({ row }) => row.original.email },
    { id: 'role', header: 'Role', cell: ({ row }) => row.original.roleName },
    {
      id: 'organization',
      header: 'Organization',
      enableSorting: false,
      cell: ({ row }) => row.original.organizationName ?? 'Platform',
    },
    {
      id: 'status',
      header: 'Status',
      enableSorting: false,
      cell: ({ row }) => (
        <Group gap={4} wrap="nowrap">
          <Badge color={row.original.disabled ? 'red' : 'teal'} variant="light" style={{ flexShrink: 0 }}>
            {row.original.disabled ? 'Disabled' : 'Active'}
          </Badge>
          {row.original.mustChangePassword && (
            <Badge color="yellow" variant="light" style={{ flexShrink: 0 }}>
              Must change password
            </Badge>
          )}
        </Group>
      ),
    },
    {
      id: 'lastLoginAt',
      header: 'Last sign-in',
      enableSorting: false,
      cell: ({ row }) => formatDateTime(row.original.lastLoginAt),
    },
  ];
  if (canWrite) {
    columns.push({
      id: 'actions',
      header: 'Actions',
      enableSorting: false,
      cell: ({ row }) => {
        const u = row.original;
        return (
          <Group gap={4} wrap="nowrap">
            <Button size="xs" variant="default" onClick={() => setEditing(u)} aria-label={`Edit ${u.name}`}>
              Edit
            </Button>
            {u.id !== me.user.id && (
              <Button
                size="xs"
                variant="subtle"
                color={u.disabled ? 'teal' : 'red'}
                onClick={() => void toggleDisabled(u)}
                aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.name}`}
              >
                {u.disabled ? 'Enable' : 'Disable'}
              </Button>
            )}
            {u.id !== me.user.id && (
              <Button size="xs" variant="subtle" onClick={() => setResetting(u)} aria-label={`Reset password of ${u.name}`}>
                Reset password
              </Button>
            )}
          </Group>
        );
      },
    });
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Users</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing(null)}>
            New user
          </Button>
        )}
      </Group>
      <Group align="flex-end" gap="sm">
        <ListSearch list={list} placeholder="Name or email" width={260} />
        <OrganizationFilter onChange={list.resetPage} />
        <ChoiceFilter label="Role" width={180} all="All roles" choices={ROLE_NAMES} value={role} onChange={setRole} list={list} />
        <ChoiceFilter
          label="Status"
          width={150}
          all="All"
          choices={{ enabled: 'Active', disabled: 'Disabled' }}
          value={status}
          onChange={setStatus}
          list={list}
        />
      </Group>
      <ListTable
        caption="Users"
        query={query}
        list={list}
        columns={columns}
        getRowId={(u) => u.id}
        minWidth={1180}
        emptyText="No users match."
        actionError={actions.error}
        onDismissError={actions.dismiss}
      />
      {editing !== undefined && (
        <UserForm
          key={editing?.id ?? 'new'}
          user={editing}
          defaultOrganizationId={org}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            notifications.show({ color: 'teal', message: `${saved.name} saved` });
            setEditing(undefined);
            void refresh();
          }}
        />
      )}
      {resetting && (
        <ResetPasswordModal
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={(u) => {
            notifications.show({
              color: 'teal',
              message: `Password of ${u.name} reset; they must change it at the next sign-in`,
            });
            setResetting(null);
            void refresh();
          }}
        />
      )}
    </Stack>
  );
}

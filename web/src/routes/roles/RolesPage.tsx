import { useState } from 'react';
import { Link } from 'react-router';
import { Accordion, Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import { deleteRole, listPermissions, listRoles, roleKeys } from '../../api/roles';
import type { BuiltInRoleInfo, CustomRole } from '../../api/types';
import { useSession } from '../../auth/session';
import { useConfirm } from '../../components/confirm';
import { useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, Loading, errorMessage } from '../../components/states';

const SCOPE_TEXT: Record<string, string> = {
  platform: 'All organizations',
  organization: 'Own organization and its sub-organizations',
  'assigned-chargers': 'The chargers assigned to the user',
  self: 'The user alone',
};

function BuiltInRoles({ roles }: { roles: BuiltInRoleInfo[] }) {
  const permissions = useQuery({ queryKey: roleKeys.permissions, queryFn: listPermissions });
  const words = new Map((permissions.data ?? []).map((p) => [p.key, p]));
  return (
    <Accordion variant="separated" multiple>
      {roles.map((r) => (
        <Accordion.Item key={r.key} value={r.key}>
          <Accordion.Control>
            <Group gap="xs">
              <Text fw={600}>{r.name}</Text>
              <Badge variant="light" color="gray">
                Built-in · read-only
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {r.description}
            </Text>
          </Accordion.Control>
          <Accordion.Panel>
            <Text size="sm" mb="xs">
              Scope: {SCOPE_TEXT[r.scope] ?? r.scope}
            </Text>
            <Group gap={6} aria-label={`Permissions of ${r.name}`}>
              {r.permissions.map((p) => (
                <Tooltip key={p} label={words.get(p)?.description ?? p} multiline w={260}>
                  <Badge variant="outline" tt="none">
                    {words.get(p)?.name ?? p}
                  </Badge>
                </Tooltip>
              ))}
            </Group>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

export function RolesPage() {
  const { can } = useSession();
  const canWrite = can('roles:write');
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const [org] = useSelectedOrganization();
  const [error, setError] = useState<string | null>(null);
  const query = useQuery({ queryKey: roleKeys.list(org ?? undefined), queryFn: () => listRoles(org ?? undefined) });

  const remove = async (role: CustomRole) => {
    if (
      !(await confirm(`Delete the role “${role.name}”? A role that users still have cannot be deleted.`, {
        confirmLabel: 'Delete role',
      }))
    )
      return;
    setError(null);
    try {
      await deleteRole(role.id);
      notifications.show({ color: 'teal', message: `Role “${role.name}” deleted` });
      await queryClient.invalidateQueries({ queryKey: roleKeys.all });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const roles = query.data ?? [];
  const builtIn = roles.filter((r): r is BuiltInRoleInfo => r.builtIn);
  const custom = roles.filter((r): r is CustomRole => !r.builtIn);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Roles</Title>
        {canWrite && (
          <Button component={Link} to="/roles/new" leftSection={<IconPlus size={16} aria-hidden />}>
            New custom role
          </Button>
        )}
      </Group>
      {error && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {query.isLoading && <Loading />}
      {query.isError && <ErrorAlert error={query.error} />}
      <Title order={2} size="h3">
        Custom roles
      </Title>
      {query.isSuccess && custom.length === 0 && <Text c="dimmed">No custom roles in your scope yet.</Text>}
      {custom.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760} type="native">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Organization</Table.Th>
                  <Table.Th>Reach</Table.Th>
                  <Table.Th>Permissions</Table.Th>
                  <Table.Th>Users</Table.Th>
                  {canWrite && <Table.Th>Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {custom.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/roles/${r.id}`}>
                        {r.name}
                      </Anchor>
                      {r.description && (
                        <Text size="xs" c="dimmed">
                          {r.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{r.organizationName}</Table.Td>
                    <Table.Td>
                      {r.siteIds ? `${r.siteIds.length} site${r.siteIds.length === 1 ? '' : 's'}` : 'Whole organization'}
                    </Table.Td>
                    <Table.Td>{r.permissions.length}</Table.Td>
                    <Table.Td>{r.userCount}</Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            component={Link}
                            to={`/roles/${r.id}`}
                            aria-label={`Edit ${r.name}`}
                          >
                            Edit
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => void remove(r)}
                            aria-label={`Delete ${r.name}`}
                          >
                            Delete
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Title order={2} size="h3">
        Built-in roles
      </Title>
      {builtIn.length > 0 && <BuiltInRoles roles={builtIn} />}
    </Stack>
  );
}

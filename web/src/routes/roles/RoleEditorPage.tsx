import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Alert,
  Anchor,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Switch,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createRole, getRole, listPermissions, roleKeys, updateRole } from '../../api/roles';
import type { CustomRole } from '../../api/types';
import { useSession } from '../../auth/session';
import { useWholeOrganizationScope } from '../../auth/whole-organization';
import { applyServerErrors } from '../../components/form-errors';
import { useSiteOptions } from '../../components/site-options';
import { useOrganizations, useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, Loading, NotFoundState, isNotFound } from '../../components/states';
import type { Permission } from '../../api/server-tables.generated';
import { PermissionPicker } from './PermissionPicker';

interface RoleValues {
  organizationId: string | null;
  name: string;
  description: string;
  permissions: Permission[];
  limitToSites: boolean;
  siteIds: string[];
}

/** `sitesOnly`: the caller itself reaches only some sites, so every role it makes is limited to some of them. */
const valuesOf = (r: CustomRole | null, organizationId: string | null, sitesOnly: boolean): RoleValues => ({
  organizationId: r?.organizationId ?? organizationId,
  name: r?.name ?? '',
  description: r?.description ?? '',
  permissions: r?.permissions ?? [],
  limitToSites: Boolean(r?.siteIds) || sitesOnly,
  siteIds: r?.siteIds ?? [],
});

function RoleForm({ role, canWrite }: { role: CustomRole | null; canWrite: boolean }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [org] = useSelectedOrganization();
  const { organizations } = useOrganizations();
  const sitesOnly = !useWholeOrganizationScope();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const permissions = useQuery({ queryKey: roleKeys.permissions, queryFn: listPermissions });
  const form = useForm<RoleValues>({
    initialValues: valuesOf(role, org, sitesOnly),
    validate: {
      organizationId: (v) => (v ? null : 'Choose the organization'),
      name: (v) => (v.trim() ? null : 'Enter a name'),
      permissions: (v) => (v.length > 0 ? null : 'Choose at least one permission'),
      siteIds: (v, values) =>
        !values.limitToSites || v.length > 0 ? null : 'Choose at least one site, or do not limit the role',
    },
  });
  const organizationId = form.values.organizationId;
  const sites = useSiteOptions(organizationId);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    const fields = {
      name: v.name.trim(),
      description: v.description.trim() || null,
      permissions: v.permissions,
      siteIds: v.limitToSites ? v.siteIds : null,
    };
    try {
      const saved = role
        ? await updateRole(role.id, fields)
        : await createRole({ ...fields, organizationId: v.organizationId ?? '' });
      await queryClient.invalidateQueries({ queryKey: roleKeys.all });
      notifications.show({ color: 'teal', message: `Role “${saved.name}” saved` });
      void navigate('/roles');
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Paper withBorder p="lg" maw={960}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {role ? (
            <TextInput label="Organization" value={role.organizationName} readOnly />
          ) : (
            <Select
              label="Organization"
              required
              searchable
              data={organizations.map((o) => ({ value: o.id, label: o.name }))}
              {...form.getInputProps('organizationId')}
              onChange={(value) => {
                form.setFieldValue('organizationId', value);
                form.setFieldValue('siteIds', []);
              }}
            />
          )}
          <TextInput
            label="Name"
            required
            readOnly={!canWrite}
            placeholder="e.g. Facility manager"
            {...form.getInputProps('name')}
          />
          <Textarea label="Description" readOnly={!canWrite} autosize minRows={2} {...form.getInputProps('description')} />
          {permissions.isError ? (
            <ErrorAlert error={permissions.error} title="Could not load the permissions" />
          ) : (
            <PermissionPicker
              permissions={permissions.data ?? []}
              value={form.values.permissions}
              onChange={(value) => form.setFieldValue('permissions', value)}
              readOnly={!canWrite}
              error={form.errors.permissions}
            />
          )}
          <Switch
            label="Limit this role to chosen sites"
            description={sitesOnly ? 'Your own role reaches only some sites, so the roles you make do too' : undefined}
            disabled={!canWrite || sitesOnly}
            {...form.getInputProps('limitToSites', { type: 'checkbox' })}
          />
          {form.values.limitToSites && (
            <MultiSelect
              label="Sites"
              description={
                !canWrite
                  ? 'Users with this role see only these sites of the organization (you may not change roles)'
                  : !organizationId
                    ? 'Choose the organization first: its sites are listed here'
                    : 'Users with this role see only these sites of the organization'
              }
              data={sites.options}
              searchable
              disabled={!organizationId || !canWrite}
              {...form.getInputProps('siteIds')}
            />
          )}
          <Group justify="flex-end">
            <Button component={Link} to="/roles" variant="default">
              {canWrite ? 'Cancel' : 'Back'}
            </Button>
            {canWrite && (
              <Button type="submit" loading={busy}>
                {role ? 'Save role' : 'Create role'}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function RoleEditorPage() {
  const { id } = useParams();
  const { can } = useSession();
  const query = useQuery({ queryKey: roleKeys.detail(id ?? ''), queryFn: () => getRole(id ?? ''), enabled: Boolean(id) });
  const canWrite = can('roles:write');

  let body: ReactNode;
  let title = 'New custom role';
  if (!id) body = <RoleForm role={null} canWrite={canWrite} />;
  else if (query.isLoading) body = <Loading />;
  else if (isNotFound(query.error) || (query.data && query.data.builtIn)) {
    return <NotFoundState title="Role not found" backTo="/roles" backLabel="Back to roles" />;
  } else if (query.isError || !query.data || query.data.builtIn) body = <ErrorAlert error={query.error} />;
  else {
    title = canWrite ? `Edit role ${query.data.name}` : query.data.name;
    body = <RoleForm key={query.data.id} role={query.data} canWrite={canWrite} />;
  }
  return (
    <Stack>
      <Anchor component={Link} to="/roles" size="sm">
        ← Back to the list
      </Anchor>
      <Title order={1}>{title}</Title>
      {body}
    </Stack>
  );
}

import { useState } from 'react';
import { Alert, Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { PasswordField } from '../../components/PasswordField';
import { useForm } from '@mantine/form';
import { createUser, updateUser } from '../../api/users';
import type { RoleKey, UpdateUser, User } from '../../api/types';
import { applyServerErrors } from '../../components/form-errors';
import { PASSWORD_RULE, passwordLengthError } from '../../components/password-rule';
import { useOrganizations } from '../../components/organization-scope';
import { orNull } from '../organizations/options';
import { ROLE_NAMES, isPlatformRole, useAssignableRoles } from './role-options';
import { UserPaymentMethod } from './UserPaymentMethod';

interface UserValues {
  name: string;
  email: string;
  phone: string;
  role: RoleKey | null;
  organizationId: string | null;
  customRoleId: string | null;
  organizationRestriction: string[];
  password: string;
}

const valuesOf = (u: User | null, organizationId: string | null): UserValues => ({
  name: u?.name ?? '',
  email: u?.email ?? '',
  phone: u?.phone ?? '',
  role: u?.role ?? null,
  organizationId: u?.organizationId ?? organizationId,
  customRoleId: u?.customRoleId ?? null,
  organizationRestriction: u?.organizationRestriction ?? [],
  password: '',
});

export function UserForm({
  user,
  defaultOrganizationId,
  onClose,
  onSaved,
}: {
  user: User | null;
  defaultOrganizationId: string | null;
  onClose: () => void;
  onSaved: (u: User) => void;
}) {
  const { organizations } = useOrganizations();
  const { roleOptions, custom } = useAssignableRoles();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<UserValues>({
    initialValues: valuesOf(user, defaultOrganizationId),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      email: (v) => (user || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter a valid email address'),
      role: (v) => (v ? null : 'Choose a role'),
      organizationId: (v, values) => (isPlatformRole(values.role) || v ? null : 'Choose the organization'),
      customRoleId: (v, values) => (values.role !== 'custom' || v ? null : 'Choose the custom role'),
      password: (v) => (user ? null : passwordLengthError(v)),
    },
  });
  const { role, organizationId } = form.values;
  const platform = isPlatformRole(role);
  const orgOptions = organizations.map((o) => ({ value: o.id, label: o.name }));
  const customOptions = custom.filter((r) => r.organizationId === organizationId).map((r) => ({ value: r.id, label: r.name }));
  const options = [...roleOptions];
  if (user && !options.some((o) => o.value === user.role)) options.push({ value: user.role, label: ROLE_NAMES[user.role] });

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    const binding = {
      role: v.role ?? 'driver',
      organizationId: platform ? null : v.organizationId,
      customRoleId: v.role === 'custom' ? v.customRoleId : null,
      organizationRestriction: platform && v.organizationRestriction.length > 0 ? v.organizationRestriction : null,
    };
    try {
      let saved: User;
      if (user) {
        const patch: UpdateUser = { name: v.name.trim(), phone: orNull(v.phone), ...binding };
        saved = await updateUser(user.id, patch);
      } else {
        saved = await createUser({
          ...binding,
          name: v.name.trim(),
          email: v.email.trim(),
          phone: orNull(v.phone),
          password: v.password,
        });
      }
      onSaved(saved);
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened onClose={onClose} title={user ? `Edit ${user.name}` : 'New user'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required {...form.getInputProps('name')} />
            {user ? (
              <TextInput label="Email" value={user.email} readOnly />
            ) : (
              <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
            )}
            <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} />
            <Select label="Role" required data={options} allowDeselect={false} {...form.getInputProps('role')} />
            {!platform && (
              <Select
                label="Organization"
                required
                searchable
                data={orgOptions}
                {...form.getInputProps('organizationId')}
                onChange={(value) => {
                  form.setFieldValue('organizationId', value);
                  form.setFieldValue('customRoleId', null);
                }}
              />
            )}
            {role === 'custom' && (
              <Select
                label="Custom role"
                required
                data={customOptions}
                disabled={!organizationId}
                placeholder={organizationId ? 'Choose a role' : 'Choose the organization first'}
                nothingFoundMessage="This organization has no custom roles"
                {...form.getInputProps('customRoleId')}
              />
            )}
          </SimpleGrid>
          {platform && (
            <MultiSelect
              label="Limit to organizations"
              description="Empty: all organizations"
              data={orgOptions}
              searchable
              clearable
              {...form.getInputProps('organizationRestriction')}
            />
          )}
          {user && <UserPaymentMethod user={user} />}
          {!user && (
            <PasswordField
              label="Initial password"
              description={`${PASSWORD_RULE}. The user must change it at first sign-in.`}
              required
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {user ? 'Save user' : 'Create user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

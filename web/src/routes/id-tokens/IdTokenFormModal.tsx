import { useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type IdToken, type IdTokenKind, createIdToken, updateIdToken } from '../../api/id-tokens';
import { listUsers, userKeys } from '../../api/users';
import { useSession } from '../../auth/session';
import { applyServerErrors } from '../../components/form-errors';
import { useOrganizations } from '../../components/organization-scope';
import { fromLocalInput, toLocalInput } from '../tariffs/tariff-form-values';

export const KIND_LABELS: Record<IdTokenKind, string> = { rfid: 'RFID card', app: 'App', vehicle: 'Fleet vehicle' };

interface Values {
  organizationId: string;
  token: string;
  kind: IdTokenKind;
  label: string;
  userId: string | null;
  vehicleRef: string;
  tokenGroup: string;
  expiresAt: string;
}

const valuesOf = (t: IdToken | null, organizationId: string | null): Values => ({
  organizationId: t?.organizationId ?? organizationId ?? '',
  token: t?.token ?? '',
  kind: t?.kind ?? 'rfid',
  label: t?.label ?? '',
  userId: t?.userId ?? null,
  vehicleRef: t?.vehicleRef ?? '',
  tokenGroup: t?.tokenGroup ?? '',
  expiresAt: toLocalInput(t?.expiresAt),
});

const orNull = (text: string) => text.trim() || null;

/** Drivers of the organization to own the token; only with users:read (else the field is left out). */
function DriverSelect({
  organizationId,
  value,
  onChange,
  current,
}: {
  organizationId: string;
  value: string | null;
  onChange: (id: string | null) => void;
  current: { id: string; name: string } | null;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const params = { organizationId, q: q || undefined, pageSize: 50, sort: 'name', order: 'asc' as const };
  const users = useQuery({ queryKey: userKeys.list(params), queryFn: () => listUsers(params), enabled: !!organizationId });
  const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: current.name });
  return (
    <Select
      label="Driver"
      description="The person the token belongs to; their payment method covers it unless the token has its own"
      placeholder="Nobody"
      data={options}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      disabled={!organizationId}
      value={value}
      onChange={onChange}
    />
  );
}

interface Props {
  /** null: issue a new token. */
  token: IdToken | null;
  organizationId: string | null;
  onClose: () => void;
  onSaved: (token: IdToken) => void;
}

export function IdTokenFormModal({ token, organizationId, onClose, onSaved }: Props) {
  const { can } = useSession();
  const { organizations } = useOrganizations();
  const single = organizations.length === 1 ? organizations[0]!.id : null;
  const form = useForm<Values>({
    initialValues: valuesOf(token, organizationId ?? single),
    validate: {
      organizationId: (v) => (v ? null : 'Choose the organization'),
      token: (v) => (token || /^[\x21-\x7E]{1,20}$/.test(v.trim()) ? null : '1 to 20 printable characters, no spaces'),
      vehicleRef: (v, values) => (values.kind !== 'vehicle' || v.trim() ? null : 'Enter the plate or fleet number'),
    },
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const v = form.values;

  const save = async (values: Values) => {
    setBusy(true);
    setError(null);
    const fields = {
      label: orNull(values.label),
      vehicleRef: orNull(values.vehicleRef),
      tokenGroup: orNull(values.tokenGroup),
      expiresAt: values.expiresAt ? fromLocalInput(values.expiresAt) : null,
      ...(can('users:read') ? { userId: values.userId } : {}),
    };
    try {
      const saved = token
        ? await updateIdToken(token.id, fields)
        : await createIdToken({
            ...fields,
            organizationId: values.organizationId,
            token: values.token.trim(),
            kind: values.kind,
          });
      onSaved(saved);
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={token ? `Edit ${token.token}` : 'Issue an ID token'} size="lg">
      <form onSubmit={form.onSubmit((values) => void save(values))} noValidate>
        <Stack>
          {!token && organizations.length > 1 && (
            <Select
              label="Organization"
              data={organizations.map((o) => ({ value: o.id, label: o.name }))}
              searchable
              required
              {...form.getInputProps('organizationId')}
              onChange={(id) => {
                form.setFieldValue('organizationId', id ?? '');
                form.setFieldValue('userId', null);
              }}
            />
          )}
          <Group grow align="flex-start">
            <TextInput
              label="Token value"
              description="The idTag the charger sends (card UID, app token)"
              required
              disabled={!!token}
              {...form.getInputProps('token')}
            />
            <TextInput label="Label" placeholder="Front desk card" {...form.getInputProps('label')} />
          </Group>
          {!token && (
            <SegmentedControl
              aria-label="Type of token"
              data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
              {...form.getInputProps('kind')}
            />
          )}
          {can('users:read') && (
            <DriverSelect
              organizationId={v.organizationId}
              value={v.userId}
              onChange={(id) => form.setFieldValue('userId', id)}
              current={token?.userId ? { id: token.userId, name: token.userName ?? 'Driver' } : null}
            />
          )}
          <Group grow align="flex-start">
            <TextInput
              label="Vehicle"
              description="Fleet vehicle: plate or fleet number"
              required={v.kind === 'vehicle'}
              {...form.getInputProps('vehicleRef')}
            />
            <TextInput label="Expires" description="Empty: never" type="datetime-local" {...form.getInputProps('expiresAt')} />
          </Group>
          <TextInput
            label="Group"
            description="Optional: a fleet or department; messages to drivers can go to a group"
            maxLength={120}
            {...form.getInputProps('tokenGroup')}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {token ? 'Save token' : 'Issue token'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

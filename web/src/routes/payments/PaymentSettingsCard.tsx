import { useState } from 'react';
import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type PaymentSettings,
  type PaymentSettingsInput,
  gatewayConfigKeys,
  getPaymentSettings,
  putPaymentSettings,
} from '../../api/gateway-configs';
import { useSession } from '../../auth/session';
import { applyServerErrors } from '../../components/form-errors';
import { useOrganizations } from '../../components/organization-scope';
import { ErrorAlert, Loading } from '../../components/states';
import { formatDateTime, majorToMinor, minorToMajor } from '../../format';

type AmountField = keyof PaymentSettingsInput;

const FIELDS: { field: AmountField; label: string; description: string }[] = [
  { field: 'preauthAmountMinor', label: 'Hold at session start', description: 'Reserved on a card or fuel card; 0: no hold' },
  {
    field: 'walletNegativeLimitMinor',
    label: 'Wallet overdraft limit',
    description: 'How far below zero a session may take a wallet',
  },
  { field: 'walletTopUpMaxMinor', label: 'Largest top-up', description: 'The most one wallet top-up may add' },
  {
    field: 'walletLowBalanceMinor',
    label: 'Low-balance warning',
    description: 'A wallet at or under this after a session is low',
  },
];

type Values = Record<AmountField, string>;
const valuesOf = (s: PaymentSettings): Values =>
  Object.fromEntries(FIELDS.map(({ field }) => [field, minorToMajor(s[field], s.currency)])) as Values;

function SettingsForm({ settings, canWrite }: { settings: PaymentSettings; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const currency = settings.currency;
  const form = useForm<Values>({
    initialValues: valuesOf(settings),
    validate: Object.fromEntries(
      FIELDS.map(({ field }) => [
        field,
        (v: string) =>
          majorToMinor(v, currency) === null ? `An amount in ${currency}, e.g. ${minorToMajor(150_000, currency)}` : null,
      ]),
    ),
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const body = Object.fromEntries(
        FIELDS.map(({ field }) => [field, majorToMinor(values[field], currency)!]),
      ) as PaymentSettingsInput;
      const saved = await putPaymentSettings(settings.organizationId, body);
      queryClient.setQueryData(gatewayConfigKeys.settings(settings.organizationId), saved);
      notifications.show({ color: 'teal', message: 'Payment settings saved' });
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={form.onSubmit((values) => void save(values))} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {FIELDS.map(({ field, label, description }) => (
            <TextInput
              key={field}
              label={`${label} (${currency})`}
              description={description}
              inputMode="decimal"
              readOnly={!canWrite}
              rightSection={
                <Text size="xs" c="dimmed">
                  {currency}
                </Text>
              }
              rightSectionWidth={48}
              {...form.getInputProps(field)}
            />
          ))}
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {settings.stored && settings.updatedAt
            ? `Last changed ${formatDateTime(settings.updatedAt)}`
            : 'Nothing stored yet: these are the defaults.'}
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {canWrite && (
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Save payment settings
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** Per organization: the hold at session start and the wallet limits, in its own currency. */
export function PaymentSettingsCard() {
  const { can } = useSession();
  const { organizations } = useOrganizations();
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const chosen = organizationId ?? organizations[0]?.id ?? null;
  const query = useQuery({
    queryKey: gatewayConfigKeys.settings(chosen ?? ''),
    queryFn: () => getPaymentSettings(chosen!),
    enabled: chosen !== null && can('payments:read'),
  });
  if (!can('payments:read')) return null;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Title order={2} size="h3">
            Payment settings
          </Title>
          <Select
            label="Organization"
            data={organizations.map((o) => ({ value: o.id, label: o.name }))}
            value={chosen}
            onChange={setOrganizationId}
            searchable
            allowDeselect={false}
            w={280}
          />
        </Group>
        {chosen === null && <Text c="dimmed">No organizations yet.</Text>}
        {query.isLoading && <Loading />}
        {query.error && <ErrorAlert error={query.error} />}
        {query.data && <SettingsForm key={chosen} settings={query.data} canWrite={can('payments:write')} />}
      </Stack>
    </Paper>
  );
}

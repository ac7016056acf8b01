import { useState } from 'react';
import { Alert, Button, Fieldset, Group, Modal, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type GatewayConfig, type GatewayKind, createGatewayConfig, updateGatewayConfig } from '../../api/gateway-configs';
import { applyServerErrors } from '../../components/form-errors';
import { useOrganizations } from '../../components/organization-scope';
import { PasswordField } from '../../components/PasswordField';
import { CREDENTIAL_INPUTS, type CredentialField, GATEWAY_NAMES } from './gateway-words';

const PLATFORM = 'platform';

interface Values {
  organizationId: string;
  gateway: GatewayKind;
  label: string;
  mode: 'test' | 'live';
  enabled: boolean;
  baseUrl: string;
  credentials: Record<CredentialField, string>;
  rateLimitPerSecond: number | string;
  currencies: string;
  priority: number | string;
  fallbackConfigId: string | null;
  brands: string;
  binRanges: string;
  routingCurrencies: string;
  minAmountMinor: number | string;
  maxAmountMinor: number | string;
}

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);

const valuesOf = (c: GatewayConfig | null): Values => ({
  organizationId: c?.organizationId ?? PLATFORM,
  gateway: c?.gateway ?? 'cybersource',
  label: c?.label ?? '',
  mode: c?.mode ?? 'test',
  enabled: c?.enabled ?? true,
  baseUrl: c?.baseUrl ?? '',
  credentials: { merchantId: '', keyId: '', sharedSecret: '', apiPassword: '', apiKey: '' },
  rateLimitPerSecond: c?.rateLimitPerSecond ?? 20,
  currencies: c?.currencies.join(', ') ?? '',
  priority: c?.priority ?? 100,
  fallbackConfigId: c?.fallbackConfigId ?? null,
  brands: c?.routing.brands?.join(', ') ?? '',
  binRanges: c?.routing.binRanges?.map((r) => `${r.from}-${r.to}`).join(', ') ?? '',
  routingCurrencies: c?.routing.currencies?.join(', ') ?? '',
  minAmountMinor: c?.routing.minAmountMinor ?? '',
  maxAmountMinor: c?.routing.maxAmountMinor ?? '',
});

/** "411111-419999, 5100" → ranges; a single BIN is a range of one. */
function binRangesOf(text: string): { from: string; to: string }[] | null {
  const ranges = list(text).map((part) => {
    const [from = '', to = from] = part.split('-');
    return { from, to };
  });
  return ranges.every((r) => /^\d{1,8}$/.test(r.from) && /^\d{1,8}$/.test(r.to)) ? ranges : null;
}

const amountOrUndefined = (value: number | string) => (value === '' ? undefined : Number(value));

/** Where the server's field names land in this form. */
const fieldOf = (field: string): string | null => {
  if (field === 'credentials') return null;
  if (field.startsWith('credentials.')) return field;
  if (field === 'routing.currencies') return 'routingCurrencies';
  if (field.startsWith('routing.binRanges')) return 'binRanges';
  if (field.startsWith('routing.')) return field.slice('routing.'.length);
  return field;
};

interface Props {
  /** null: a new configuration. */
  config: GatewayConfig | null;
  others: GatewayConfig[];
  onClose: () => void;
  onSaved: (config: GatewayConfig) => void;
}

/** Create or change a gateway configuration; credentials are typed in, never shown back. */
export function GatewayConfigModal({ config, others, onClose, onSaved }: Props) {
  const { organizations } = useOrganizations();
  const form = useForm<Values>({
    initialValues: valuesOf(config),
    validate: {
      label: (v) => (v.trim() ? null : 'Enter a label'),
      baseUrl: (v, values) =>
        values.gateway === 'manual' || /^https?:\/\/\S+$/.test(v.trim()) ? null : 'Enter the gateway’s address (https://…)',
      binRanges: (v) => (v.trim() === '' || binRangesOf(v) ? null : 'BINs of up to 8 digits, ranges as 411111-419999'),
    },
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const v = form.values;
  const editing = config !== null;

  const save = async (values: Values) => {
    setBusy(true);
    setError(null);
    const credentials = Object.fromEntries(
      CREDENTIAL_INPUTS[values.gateway]
        .map(({ field }) => [field, values.credentials[field].trim()])
        .filter(([, value]) => value),
    );
    const routing = {
      ...(list(values.brands).length ? { brands: list(values.brands).map((b) => b.toLowerCase()) } : {}),
      ...(values.binRanges.trim() ? { binRanges: binRangesOf(values.binRanges) ?? [] } : {}),
      ...(list(values.routingCurrencies).length
        ? { currencies: list(values.routingCurrencies).map((c) => c.toUpperCase()) }
        : {}),
      ...(amountOrUndefined(values.minAmountMinor) === undefined ? {} : { minAmountMinor: Number(values.minAmountMinor) }),
      ...(amountOrUndefined(values.maxAmountMinor) === undefined ? {} : { maxAmountMinor: Number(values.maxAmountMinor) }),
    };
    const fields = {
      label: values.label.trim(),
      mode: values.mode,
      enabled: values.enabled,
      baseUrl: values.gateway === 'manual' ? null : values.baseUrl.trim(),
      rateLimitPerSecond: Number(values.rateLimitPerSecond),
      currencies: list(values.currencies).map((c) => c.toUpperCase()),
      priority: Number(values.priority),
      fallbackConfigId: values.fallbackConfigId,
      routing,
    };
    try {
      const saved = editing
        ? await updateGatewayConfig(config.id, { ...fields, ...(Object.keys(credentials).length ? { credentials } : {}) })
        : await createGatewayConfig({
            ...fields,
            organizationId: values.organizationId === PLATFORM ? null : values.organizationId,
            gateway: values.gateway,
            credentials,
          });
      onSaved(saved);
    } catch (e) {
      setError(applyServerErrors(form, e, fieldOf));
    } finally {
      setBusy(false);
    }
  };

  const inputs = CREDENTIAL_INPUTS[v.gateway];
  const fallbackChoices = others
    .filter((o) => o.id !== config?.id)
    .map((o) => ({ value: o.id, label: `${o.label} (${GATEWAY_NAMES[o.gateway]})` }));

  return (
    <Modal opened onClose={onClose} title={editing ? `Edit ${config.label}` : 'New gateway configuration'} size="xl">
      <form onSubmit={form.onSubmit((values) => void save(values))} noValidate>
        <Stack>
          <Group grow align="flex-start">
            <Select
              label="Organization"
              description={editing ? 'Fixed once created' : 'Platform-wide: used by every organization without its own'}
              data={[{ value: PLATFORM, label: 'Platform-wide' }, ...organizations.map((o) => ({ value: o.id, label: o.name }))]}
              searchable
              allowDeselect={false}
              disabled={editing}
              {...form.getInputProps('organizationId')}
            />
            <Select
              label="Gateway"
              description={editing ? 'Fixed once created' : undefined}
              data={Object.entries(GATEWAY_NAMES).map(([value, label]) => ({ value, label }))}
              allowDeselect={false}
              disabled={editing}
              {...form.getInputProps('gateway')}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput label="Label" required placeholder="CyberSource — Lanka EV" {...form.getInputProps('label')} />
            <Select
              label="Mode"
              data={[
                { value: 'test', label: 'Test (sandbox)' },
                { value: 'live', label: 'Live (real money)' },
              ]}
              allowDeselect={false}
              {...form.getInputProps('mode')}
            />
          </Group>
          {v.gateway !== 'manual' && (
            <TextInput
              label="Gateway address"
              required
              placeholder="https://apitest.cybersource.com"
              {...form.getInputProps('baseUrl')}
            />
          )}
          {inputs.length > 0 && (
            <Fieldset legend="Credentials">
              <Stack gap="sm">
                {editing && (
                  <Text size="sm" c="dimmed">
                    Leave a field blank to keep the stored value.
                  </Text>
                )}
                {inputs.map(({ field, label, secret, hint }) => {
                  const stored = config?.credentialsMasked[field];
                  const props = {
                    label,
                    required: !editing,
                    description: [hint, stored ? `Stored: ${stored}` : null].filter(Boolean).join(' · ') || undefined,
                    placeholder: editing ? 'Leave blank to keep the stored value' : undefined,
                    autoComplete: 'off',
                    ...form.getInputProps(`credentials.${field}`),
                  };
                  return secret ? (
                    <PasswordField key={field} {...props} autoComplete="new-password" />
                  ) : (
                    <TextInput key={field} {...props} />
                  );
                })}
              </Stack>
            </Fieldset>
          )}
          <Group grow align="flex-start">
            <NumberInput
              label="Rate limit"
              description="Requests per second to the gateway (1–1000)"
              min={1}
              max={1000}
              allowDecimal={false}
              {...form.getInputProps('rateLimitPerSecond')}
            />
            <NumberInput
              label="Priority"
              description="Lower is tried first"
              min={0}
              allowDecimal={false}
              {...form.getInputProps('priority')}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Currencies"
              description="ISO 4217 codes the merchant takes, e.g. LKR, USD; empty: any"
              {...form.getInputProps('currencies')}
            />
            <Select
              label="Fallback"
              description="Takes over when this one does not answer"
              placeholder="None"
              data={fallbackChoices}
              clearable
              {...form.getInputProps('fallbackConfigId')}
            />
          </Group>
          <Fieldset legend="Routing: which payments this configuration takes (every rule given must hold)">
            <Stack gap="sm">
              <Group grow align="flex-start">
                <TextInput label="Card brands" placeholder="visa, mastercard" {...form.getInputProps('brands')} />
                <TextInput label="BIN ranges" placeholder="411111-419999, 5100-5599" {...form.getInputProps('binRanges')} />
              </Group>
              <Group grow align="flex-start">
                <TextInput label="Payment currencies" placeholder="LKR" {...form.getInputProps('routingCurrencies')} />
                <NumberInput
                  label="Smallest amount"
                  description="In minor units (cents)"
                  min={0}
                  allowDecimal={false}
                  {...form.getInputProps('minAmountMinor')}
                />
                <NumberInput
                  label="Largest amount"
                  description="In minor units (cents)"
                  min={0}
                  allowDecimal={false}
                  {...form.getInputProps('maxAmountMinor')}
                />
              </Group>
            </Stack>
          </Fieldset>
          <Switch label="Enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} />
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
              {editing ? 'Save configuration' : 'Create configuration'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { useState } from 'react';
import { Alert, Button, Fieldset, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Contract, ContractFields, ContractKind } from '../../api/types';
import { fractionToPercent, percentError, percentToFraction } from '../../decimal';
import { applyServerErrors } from '../../components/form-errors';
import { CONTRACT_KIND_LABELS } from './options';

interface ContractValues {
  name: string;
  kind: ContractKind;
  percent: string;
  perKwh: string;
  tiers: { fromKwh: string; percent: string }[];
  effectiveFrom: string;
  effectiveTo: string;
  renewalNoticeDays: number | string;
}

const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;

function valuesOf(c: Contract | null): ContractValues {
  return {
    name: c?.name ?? '',
    kind: c?.kind ?? 'percent_of_net',
    percent: c?.percent ? fractionToPercent(c.percent) : '',
    perKwh: c?.perKwh ?? '',
    tiers: c?.tiers?.map((t) => ({ fromKwh: t.fromKwh, percent: fractionToPercent(t.percent) })) ?? [
      { fromKwh: '0', percent: '' },
    ],
    effectiveFrom: c?.effectiveFrom ?? new Date().toISOString().slice(0, 10),
    effectiveTo: c?.effectiveTo ?? '',
    renewalNoticeDays: c?.renewalNoticeDays ?? 30,
  };
}

/** Each kind carries only its own figures; the others are sent as null. */
function payloadOf(v: ContractValues): ContractFields {
  return {
    name: v.name.trim(),
    kind: v.kind,
    percent: v.kind === 'percent_of_net' ? percentToFraction(v.percent) : null,
    perKwh: v.kind === 'per_kwh' ? v.perKwh.trim() : null,
    tiers:
      v.kind === 'kwh_tiers'
        ? v.tiers.map((t) => ({ fromKwh: t.fromKwh.trim(), percent: percentToFraction(t.percent) ?? '0' }))
        : null,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo || null,
    renewalNoticeDays: Number(v.renewalNoticeDays),
  };
}

export interface ContractFormProps {
  contract: Contract | null;
  opened: boolean;
  onClose: () => void;
  onSubmit: (payload: ContractFields) => Promise<void>;
}

export function ContractForm({ contract, opened, onClose, onSubmit }: ContractFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<ContractValues>({
    initialValues: valuesOf(contract),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      percent: (v, values) => (values.kind === 'percent_of_net' ? percentError(v) : null),
      perKwh: (v, values) => (values.kind === 'per_kwh' && !DECIMAL.test(v.trim()) ? 'A rate per kWh such as 5.00' : null),
      tiers: {
        fromKwh: (v, values) => (values.kind === 'kwh_tiers' && !DECIMAL.test(v.trim()) ? 'kWh such as 0 or 1000' : null),
        percent: (v, values) => (values.kind === 'kwh_tiers' ? percentError(v) : null),
      },
      effectiveFrom: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Choose the start date'),
      effectiveTo: (v, values) => (v && v < values.effectiveFrom ? 'Must be on or after the start date' : null),
      renewalNoticeDays: (v) => (Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 365 ? null : 'From 0 to 365 days'),
    },
  });
  const kind = form.values.kind;

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(payloadOf(values));
      onClose();
    } catch (e) {
      setError(applyServerErrors(form, e, (field) => field.replace(/^tiers\.(\d+)\.percent$/, 'tiers.$1.percent')));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={contract ? 'Edit commission contract' : 'New commission contract'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Contract name" required {...form.getInputProps('name')} />
          <Select
            label="Kind"
            data={Object.entries(CONTRACT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          {kind === 'percent_of_net' && (
            <TextInput label="Commission (% of net)" inputMode="decimal" maw={200} {...form.getInputProps('percent')} />
          )}
          {kind === 'per_kwh' && (
            <TextInput label="Commission per kWh (major units)" inputMode="decimal" maw={240} {...form.getInputProps('perKwh')} />
          )}
          {kind === 'kwh_tiers' && (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                From each tier's kWh (within the billing period) upwards its percent of net applies; the first tier starts at 0.
              </Text>
              {form.values.tiers.map((_, i) => (
                <Fieldset key={i} legend={`Tier ${i + 1}`}>
                  <Group align="flex-end">
                    <TextInput label="From kWh" w={140} inputMode="decimal" {...form.getInputProps(`tiers.${i}.fromKwh`)} />
                    <TextInput label="Percent (%)" w={120} inputMode="decimal" {...form.getInputProps(`tiers.${i}.percent`)} />
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      disabled={form.values.tiers.length === 1}
                      leftSection={<IconTrash size={14} aria-hidden />}
                      onClick={() => form.removeListItem('tiers', i)}
                    >
                      Remove tier
                    </Button>
                  </Group>
                </Fieldset>
              ))}
              <Button
                variant="light"
                w="fit-content"
                size="xs"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => form.insertListItem('tiers', { fromKwh: '', percent: '' })}
              >
                Add tier
              </Button>
            </Stack>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Effective from" type="date" required {...form.getInputProps('effectiveFrom')} />
            <TextInput label="Effective to" type="date" {...form.getInputProps('effectiveTo')} />
            <NumberInput
              label="Renewal notice (days)"
              min={0}
              max={365}
              allowDecimal={false}
              {...form.getInputProps('renewalNoticeDays')}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Leave “Effective to” empty for an open-ended contract. Contracts of one organization may not overlap in time.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {contract ? 'Save contract' : 'Add contract'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

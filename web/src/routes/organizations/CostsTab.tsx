import { Alert, Button, Fieldset, Group, Paper, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { GatewayCharge, GatewayName, Organization } from '../../api/types';
import { fractionToPercent, percentError, percentToFraction } from '../../decimal';
import { majorToMinor, minorDigits, minorToMajor } from '../../format';
import { GATEWAY_LABELS } from './options';
import { useSaveOrganization } from './save-organization';

interface GatewayRow {
  gateway: GatewayName | null;
  percent: string;
  /** major units as typed, e.g. "25.00" */
  fixed: string;
}

interface CostValues {
  energyCostPerKwh: string;
  gatewayCharges: GatewayRow[];
  gatewayFeeBearer: Organization['gatewayFeeBearer'];
}

const valuesOf = (o: Organization): CostValues => ({
  energyCostPerKwh: o.energyCostPerKwh,
  gatewayCharges: o.gatewayCharges.map((g) => ({
    gateway: g.gateway,
    percent: fractionToPercent(g.percent),
    fixed: minorToMajor(g.fixed, o.currency),
  })),
  gatewayFeeBearer: o.gatewayFeeBearer,
});

export function CostsTab({ organization, canWrite }: { organization: Organization; canWrite: boolean }) {
  const { currency } = organization;
  const { save, busy, error } = useSaveOrganization(organization);
  const form = useForm<CostValues>({
    initialValues: valuesOf(organization),
    validate: {
      energyCostPerKwh: (v) =>
        /^\d{1,12}(\.\d{1,6})?$/.test(v.trim()) ? null : 'A non-negative amount with at most 6 decimals, e.g. 45.00',
      gatewayCharges: {
        gateway: (v, values) => {
          if (!v) return 'Choose a gateway';
          return values.gatewayCharges.filter((g) => g.gateway === v).length > 1 ? 'Each gateway only once' : null;
        },
        percent: (v) => percentError(v),
        fixed: (v) =>
          majorToMinor(v, currency) === null ? `An amount in ${currency} with at most ${minorDigits(currency)} decimals` : null,
      },
    },
  });
  const rows = form.values.gatewayCharges;

  const submit = form.onSubmit(async (values) => {
    const gatewayCharges: GatewayCharge[] = values.gatewayCharges.map((g) => ({
      gateway: g.gateway ?? 'manual',
      percent: percentToFraction(g.percent) ?? '0',
      fixed: majorToMinor(g.fixed, currency) ?? 0,
    }));
    const updated = await save(
      {
        energyCostPerKwh: values.energyCostPerKwh.trim(),
        gatewayCharges,
        gatewayFeeBearer: values.gatewayFeeBearer,
      },
      form,
    );
    if (updated) form.resetDirty(valuesOf(updated));
  });

  return (
    <Paper withBorder p="lg" maw={800}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={`Energy cost per kWh (${currency})`}
            description="What the organization pays its utility per kWh"
            inputMode="decimal"
            maw={280}
            readOnly={!canWrite}
            {...form.getInputProps('energyCostPerKwh')}
          />
          <Title order={2} size="h4">
            Gateway charges
          </Title>
          <Text size="sm" c="dimmed">
            Per payment: a percent of the gross amount plus a fixed fee in {currency}.
          </Text>
          {rows.length === 0 && <Text size="sm">No gateway charges are configured.</Text>}
          {rows.map((_, index) => (
            <Fieldset key={index} legend={`Gateway charge ${index + 1}`} disabled={!canWrite}>
              <Group align="flex-end">
                <Select
                  label="Gateway"
                  w={200}
                  data={Object.entries(GATEWAY_LABELS).map(([value, label]) => ({ value, label }))}
                  {...form.getInputProps(`gatewayCharges.${index}.gateway`)}
                />
                <TextInput
                  label="Percent (%)"
                  w={120}
                  inputMode="decimal"
                  {...form.getInputProps(`gatewayCharges.${index}.percent`)}
                />
                <TextInput
                  label={`Fixed fee (${currency})`}
                  w={150}
                  inputMode="decimal"
                  {...form.getInputProps(`gatewayCharges.${index}.fixed`)}
                />
                {canWrite && (
                  <Button
                    size="xs"
                    color="red"
                    variant="subtle"
                    leftSection={<IconTrash size={14} aria-hidden />}
                    onClick={() => form.removeListItem('gatewayCharges', index)}
                  >
                    Remove
                  </Button>
                )}
              </Group>
            </Fieldset>
          ))}
          {canWrite && (
            <Button
              variant="light"
              w="fit-content"
              leftSection={<IconPlus size={16} aria-hidden />}
              disabled={rows.length >= 5}
              onClick={() =>
                form.insertListItem('gatewayCharges', { gateway: null, percent: '0', fixed: minorToMajor(0, currency) })
              }
            >
              Add gateway charge
            </Button>
          )}
          <Radio.Group label="Who bears gateway fees" {...form.getInputProps('gatewayFeeBearer')}>
            <Group mt="xs">
              <Radio value="organization" label="The organization" disabled={!canWrite} />
              <Radio value="platform" label="The platform" disabled={!canWrite} />
            </Group>
          </Radio.Group>
          {canWrite && (
            <Group justify="flex-end">
              <Button type="submit" loading={busy} disabled={!form.isDirty()}>
                Save costs
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

import { Alert, Button, Group, NumberInput, Paper, Radio, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { BillingCycle, Organization } from '../../api/types';
import { WEEKDAYS } from './options';
import { useSaveOrganization } from './save-organization';

interface BillingValues {
  billingCycle: BillingCycle;
  billingDay: number;
  paymentTermsDays: number | string;
}

const valuesOf = (o: Organization): BillingValues => ({
  billingCycle: o.billingCycle,
  billingDay: o.billingDay,
  paymentTermsDays: o.paymentTermsDays,
});

export function BillingTab({ organization, canWrite }: { organization: Organization; canWrite: boolean }) {
  const { save, busy, error } = useSaveOrganization(organization);
  const form = useForm<BillingValues>({
    initialValues: valuesOf(organization),
    validate: {
      billingDay: (day, values) => {
        const max = values.billingCycle === 'weekly' ? 7 : 28;
        return Number.isInteger(day) && day >= 1 && day <= max ? null : `Choose a day from 1 to ${max}`;
      },
      paymentTermsDays: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 365 ? null : 'From 0 to 365 days'),
    },
  });
  const weekly = form.values.billingCycle === 'weekly';

  const submit = form.onSubmit(async (values) => {
    const updated = await save(
      { billingCycle: values.billingCycle, billingDay: values.billingDay, paymentTermsDays: Number(values.paymentTermsDays) },
      form,
    );
    if (updated) form.resetDirty(valuesOf(updated));
  });

  return (
    <Paper withBorder p="lg" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Radio.Group
            label="Billing cycle"
            value={form.values.billingCycle}
            onChange={(value) => {
              const cycle = value as BillingCycle;
              form.setFieldValue('billingCycle', cycle);
              // A weekly cycle bills on a weekday (1–7); keep the day valid when switching.
              if (cycle === 'weekly' && form.values.billingDay > 7) form.setFieldValue('billingDay', 1);
            }}
          >
            <Group mt="xs">
              <Radio value="weekly" label="Weekly" disabled={!canWrite} />
              <Radio value="monthly" label="Monthly" disabled={!canWrite} />
              <Radio value="quarterly" label="Quarterly" disabled={!canWrite} />
            </Group>
          </Radio.Group>
          {weekly ? (
            <Select
              label="Billing day"
              description="The weekday invoices are issued"
              data={WEEKDAYS.map((day, i) => ({ value: String(i + 1), label: day }))}
              value={String(form.values.billingDay)}
              onChange={(v) => form.setFieldValue('billingDay', Number(v ?? 1))}
              error={form.errors.billingDay}
              allowDeselect={false}
              readOnly={!canWrite}
              maw={240}
            />
          ) : (
            <NumberInput
              label="Billing day"
              description="Day of the month, 1 to 28, so every month has it"
              min={1}
              max={28}
              allowDecimal={false}
              readOnly={!canWrite}
              maw={240}
              value={form.values.billingDay}
              onChange={(v) => form.setFieldValue('billingDay', typeof v === 'number' ? v : Number(v))}
              error={form.errors.billingDay}
            />
          )}
          <NumberInput
            label="Payment terms (days)"
            description="Days after the invoice date until payment is due"
            min={0}
            max={365}
            allowDecimal={false}
            readOnly={!canWrite}
            maw={240}
            {...form.getInputProps('paymentTermsDays')}
          />
          {!canWrite && (
            <Text size="sm" c="dimmed">
              You may view but not change the billing configuration.
            </Text>
          )}
          {canWrite && (
            <Group justify="flex-end">
              <Button type="submit" loading={busy} disabled={!form.isDirty()}>
                Save billing
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

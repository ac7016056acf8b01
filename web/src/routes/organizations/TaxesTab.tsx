import { Alert, Button, Checkbox, Fieldset, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Organization, Tax } from '../../api/types';
import { fractionToPercent, percentError, percentToFraction } from '../../decimal';
import { useSaveOrganization } from './save-organization';

interface TaxRow {
  name: string;
  /** entered as a percent ("18"), sent as an exact fraction ("0.18") */
  percent: string;
  compound: boolean;
}

const rowsOf = (taxes: Tax[]): TaxRow[] =>
  taxes.map((t) => ({ name: t.name, percent: fractionToPercent(t.rate), compound: t.compound }));

export function TaxesTab({ organization, canWrite }: { organization: Organization; canWrite: boolean }) {
  const { save, busy, error } = useSaveOrganization(organization);
  const form = useForm<{ taxes: TaxRow[] }>({
    initialValues: { taxes: rowsOf(organization.taxes) },
    validate: {
      taxes: {
        name: (v, values) => {
          if (!v.trim()) return 'Enter a name';
          const same = values.taxes.filter((t) => t.name.trim().toLowerCase() === v.trim().toLowerCase());
          return same.length > 1 ? 'Each tax needs its own name' : null;
        },
        percent: (v) => percentError(v),
      },
    },
  });
  const taxes = form.values.taxes;

  const submit = form.onSubmit(async (values) => {
    const payload: Tax[] = values.taxes.map((t) => ({
      name: t.name.trim(),
      rate: percentToFraction(t.percent) ?? '0',
      compound: t.compound,
    }));
    // The server names fields taxes.<i>.rate; the form edits taxes.<i>.percent.
    const updated = await save({ taxes: payload }, form, (field) => field.replace(/\.rate$/, '.percent'));
    if (updated) form.resetDirty({ taxes: rowsOf(updated.taxes) });
  });

  return (
    <Paper withBorder p="lg" maw={760}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Taxes apply in this order. A compound tax is charged on the amount including the taxes above it (e.g. SSCL 2.5 % then
            VAT 18 % on the SSCL-inclusive amount).
          </Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {taxes.length === 0 && <Text>No taxes are configured.</Text>}
          {taxes.map((tax, index) => (
            <Fieldset key={index} legend={`Tax ${index + 1}`} disabled={!canWrite}>
              <Group align="flex-end" wrap="wrap">
                <TextInput label="Name" w={180} {...form.getInputProps(`taxes.${index}.name`)} />
                <TextInput
                  label="Rate (%)"
                  w={120}
                  inputMode="decimal"
                  rightSection={<Text size="sm">%</Text>}
                  {...form.getInputProps(`taxes.${index}.percent`)}
                />
                <Checkbox mb={8} label="Compound" {...form.getInputProps(`taxes.${index}.compound`, { type: 'checkbox' })} />
                {canWrite && (
                  <Group gap={4}>
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconArrowUp size={14} aria-hidden />}
                      disabled={index === 0}
                      onClick={() => form.reorderListItem('taxes', { from: index, to: index - 1 })}
                    >
                      Move up
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconArrowDown size={14} aria-hidden />}
                      disabled={index === taxes.length - 1}
                      onClick={() => form.reorderListItem('taxes', { from: index, to: index + 1 })}
                    >
                      Move down
                    </Button>
                    <Button
                      size="xs"
                      color="red"
                      variant="subtle"
                      leftSection={<IconTrash size={14} aria-hidden />}
                      onClick={() => form.removeListItem('taxes', index)}
                    >
                      Remove
                    </Button>
                  </Group>
                )}
              </Group>
            </Fieldset>
          ))}
          {canWrite && (
            <Group justify="space-between">
              <Button
                variant="light"
                leftSection={<IconPlus size={16} aria-hidden />}
                disabled={taxes.length >= 10}
                onClick={() => form.insertListItem('taxes', { name: '', percent: '', compound: false })}
              >
                Add tax
              </Button>
              <Button type="submit" loading={busy} disabled={!form.isDirty()}>
                Save taxes
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

import { Button, Fieldset, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { TariffDimension } from '../../api/tariffs';
import { DAYS, DIMENSION_LABELS, type TariffValues, emptyElement } from './tariff-form-values';

const DIMENSIONS = (Object.keys(DIMENSION_LABELS) as TariffDimension[]).map((value) => ({
  value,
  label: DIMENSION_LABELS[value],
}));
/** What a price is per, after the currency: "LKR per kWh" (docs/finance.md §2). */
const PER_UNIT: Record<TariffDimension, string> = {
  ENERGY: 'per kWh',
  TIME: 'per hour',
  PARKING_TIME: 'per hour',
  FLAT: 'per session',
};
const DAY_OPTIONS = DAYS.map((d) => ({ value: d, label: d.charAt(0) + d.slice(1).toLowerCase() }));

/** OCPI elements: for each moment, the first element whose restrictions match supplies each component type. */
export function ElementsEditor({
  form,
  readOnly,
  currency,
}: {
  form: UseFormReturnType<TariffValues>;
  readOnly: boolean;
  currency: string;
}) {
  return (
    <Stack gap="sm">
      <Text fw={600} size="sm">
        Elements
      </Text>
      <Text size="sm" c="dimmed">
        For each moment of a session, the first element whose restrictions match supplies each kind of price. Put the restricted
        elements (peak hours, weekends) before the general one. Prices exclude tax.
      </Text>
      {form.values.elements.map((element, e) => (
        <Fieldset key={e} legend={`Element ${e + 1}`} disabled={readOnly}>
          <Stack gap="xs">
            {element.components.map((component, c) => (
              <Group key={c} align="flex-end">
                <Select
                  label="Price component"
                  w={220}
                  data={DIMENSIONS}
                  allowDeselect={false}
                  {...form.getInputProps(`elements.${e}.components.${c}.type`)}
                />
                <TextInput
                  label="Price (excl. tax)"
                  w={140}
                  description={`${currency || 'Currency'} ${PER_UNIT[component.type]}`}
                  inputMode="decimal"
                  {...form.getInputProps(`elements.${e}.components.${c}.price`)}
                />
                <NumberInput
                  label="Step (seconds)"
                  w={130}
                  min={0}
                  allowDecimal={false}
                  description="Time blocks, rounded up"
                  {...form.getInputProps(`elements.${e}.components.${c}.stepSize`)}
                />
                {!readOnly && element.components.length > 1 && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove price component ${c + 1} of element ${e + 1}`}
                    onClick={() => form.removeListItem(`elements.${e}.components`, c)}
                  >
                    <IconTrash size={14} aria-hidden />
                  </Button>
                )}
              </Group>
            ))}
            {!readOnly && element.components.length < 4 && (
              <Group>
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconPlus size={14} aria-hidden />}
                  onClick={() => form.insertListItem(`elements.${e}.components`, { type: 'FLAT', price: '', stepSize: 0 })}
                >
                  Add price component
                </Button>
              </Group>
            )}
            <Text size="sm" fw={500}>
              Restrictions (leave empty to always apply)
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <TextInput label="From time" placeholder="18:30" {...form.getInputProps(`elements.${e}.startTime`)} />
              <TextInput label="Until time" placeholder="22:30" {...form.getInputProps(`elements.${e}.endTime`)} />
              <TextInput label="From kWh" inputMode="decimal" {...form.getInputProps(`elements.${e}.minKwh`)} />
              <TextInput label="Until kWh" inputMode="decimal" {...form.getInputProps(`elements.${e}.maxKwh`)} />
              <TextInput label="From minute" inputMode="numeric" {...form.getInputProps(`elements.${e}.minMinutes`)} />
              <TextInput label="Until minute" inputMode="numeric" {...form.getInputProps(`elements.${e}.maxMinutes`)} />
              <TextInput label="From kW" inputMode="decimal" {...form.getInputProps(`elements.${e}.minPower`)} />
              <TextInput label="Until kW" inputMode="decimal" {...form.getInputProps(`elements.${e}.maxPower`)} />
            </SimpleGrid>
            <MultiSelect label="Days of the week" data={DAY_OPTIONS} clearable {...form.getInputProps(`elements.${e}.days`)} />
            {!readOnly && form.values.elements.length > 1 && (
              <Group>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} aria-hidden />}
                  onClick={() => form.removeListItem('elements', e)}
                >
                  Remove element
                </Button>
              </Group>
            )}
          </Stack>
        </Fieldset>
      ))}
      {!readOnly && (
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => form.insertListItem('elements', emptyElement())}
          >
            Add element
          </Button>
        </Group>
      )}
    </Stack>
  );
}

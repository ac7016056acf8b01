import { Button, Fieldset, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { CONNECTOR_TYPES } from '../../api/types';
import type { ChargerValues } from './charger-form-values';

export function ConnectorsEditor({ form }: { form: UseFormReturnType<ChargerValues> }) {
  const connectors = form.values.connectors;
  const nextId = connectors.reduce((max, c) => Math.max(max, Number(c.connectorId) || 0), 0) + 1;
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Connectors
      </Text>
      {typeof form.errors.connectors === 'string' && (
        <Text size="sm" c="red">
          {form.errors.connectors}
        </Text>
      )}
      {connectors.length === 0 && (
        <Text size="sm" c="dimmed">
          No connectors yet.
        </Text>
      )}
      {connectors.map((_, i) => (
        <Fieldset key={i} legend={`Connector ${i + 1}`}>
          <Group align="flex-end">
            <NumberInput
              label="Connector ID"
              w={110}
              min={1}
              max={99}
              allowDecimal={false}
              {...form.getInputProps(`connectors.${i}.connectorId`)}
            />
            <NumberInput
              label="EVSE ID"
              w={90}
              min={1}
              max={99}
              allowDecimal={false}
              {...form.getInputProps(`connectors.${i}.evseId`)}
            />
            <Select
              label="Type"
              w={130}
              data={[...CONNECTOR_TYPES]}
              allowDeselect={false}
              {...form.getInputProps(`connectors.${i}.type`)}
            />
            <TextInput label="Max power (kW)" w={130} inputMode="decimal" {...form.getInputProps(`connectors.${i}.maxPowerKw`)} />
            <Button
              size="xs"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} aria-hidden />}
              onClick={() => form.removeListItem('connectors', i)}
            >
              Remove connector
            </Button>
          </Group>
        </Fieldset>
      ))}
      <Button
        variant="light"
        size="xs"
        w="fit-content"
        leftSection={<IconPlus size={14} aria-hidden />}
        disabled={connectors.length >= 32}
        onClick={() => form.insertListItem('connectors', { connectorId: nextId, evseId: 1, type: 'Type2', maxPowerKw: '22' })}
      >
        Add connector
      </Button>
    </Stack>
  );
}

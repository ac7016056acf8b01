import { useState } from 'react';
import { Alert, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import type { CommandBodies } from '../../../api/commands';
import type { Charger } from '../../../api/types';
import { CommandOutcome } from './CommandOutcome';
import { useChargerCommand } from './use-charger-command';
import { compositeScheduleOf, limitWords } from './composite-schedule';

type Purpose = CommandBodies['set-charging-profile']['purpose'];
type Unit = CommandBodies['set-charging-profile']['unit'];

const PURPOSES: { value: Purpose; label: string }[] = [
  { value: 'tx', label: 'The session charging now (TxProfile)' },
  { value: 'tx-default', label: 'Every session on the connector (TxDefaultProfile)' },
  { value: 'charger-max', label: 'The whole charger (charger maximum)' },
];

/** Manual charging limits for technicians (chargers:command): set, clear, and what the charger will apply. */
export function ChargingProfileCard({ charger }: { charger: Charger }) {
  const connectorOptions = charger.connectors
    .map((c) => c.connectorId)
    .sort((a, b) => a - b)
    .map((n) => ({ value: String(n), label: `Connector ${n}` }));
  const [purpose, setPurpose] = useState<Purpose>('tx');
  const [connector, setConnector] = useState<string | null>(connectorOptions[0]?.value ?? null);
  const [limit, setLimit] = useState<number | string>(7);
  const [unit, setUnit] = useState<Unit>('kW');
  const [minutes, setMinutes] = useState<number | string>('');
  const { outcome, send, button: commandButton } = useChargerCommand(charger.id);
  const wholeCharger = purpose === 'charger-max';
  const where = wholeCharger ? {} : { connectorId: Number(connector ?? 0) };

  const setLimitNow = () =>
    void send('Set limit', 'set-charging-profile', {
      purpose,
      limit: Number(limit),
      unit,
      ...where,
      ...(minutes === '' ? {} : { durationSeconds: Math.round(Number(minutes) * 60) }),
    });
  const schedule = outcome && 'result' in outcome ? compositeScheduleOf(outcome.result.response) : null;
  const button = (label: string, onClick: () => void, variant = 'light') => commandButton(label, onClick, { variant });

  return (
    <Paper withBorder p="md" component="section" aria-label="Charging limit">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Charging limit
        </Title>
        <Text size="sm" c="dimmed">
          Sent to the charger as an OCPP charging profile. kW is sent in watts; A is per phase.
        </Text>
        <Select
          label="Applies to"
          data={PURPOSES}
          value={purpose}
          onChange={(v) => v && setPurpose(v as Purpose)}
          allowDeselect={false}
        />
        {!wholeCharger && (
          <Select label="Connector" data={connectorOptions} value={connector} onChange={setConnector} allowDeselect={false} />
        )}
        <Group align="end" gap="xs">
          <NumberInput
            label={`Limit (${unit})`}
            value={limit}
            onChange={setLimit}
            min={0}
            decimalScale={unit === 'A' ? 1 : 2}
            w={140}
          />
          <SegmentedControl aria-label="Unit" data={['kW', 'A']} value={unit} onChange={(v) => setUnit(v as Unit)} />
          <NumberInput label="For (minutes, optional)" value={minutes} onChange={setMinutes} min={1} w={180} />
        </Group>
        <Group gap="xs">
          {button('Set limit', setLimitNow, 'filled')}
          {button('Clear limit', () => void send('Clear limit', 'clear-charging-profile', { purpose, ...where }))}
          {button(
            'View composite schedule',
            () => void send('View composite schedule', 'get-composite-schedule', { ...where, unit }),
          )}
        </Group>
        {schedule && (
          <Alert color="blue" title="Limit the charger applies now" role="status">
            <Text size="sm">
              {limitWords(schedule)}
              {schedule.durationSeconds ? ` (schedule read for the next ${Math.round(schedule.durationSeconds / 60)} min)` : ''}
            </Text>
          </Alert>
        )}
        {outcome && <CommandOutcome outcome={outcome} />}
      </Stack>
    </Paper>
  );
}

import { useState } from 'react';
import { Divider, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { CommandBodies, CommandName } from '../../../api/commands';
import type { LiveCharger } from '../../../api/live';
import type { Charger } from '../../../api/types';
import { useConfirm } from '../../../components/confirm';
import { CommandOutcome } from './CommandOutcome';
import { useChargerCommand } from './use-charger-command';

/** Remote commands (chargers:command); the charger's answer, or the error, is shown below the buttons. */
export function ChargerCommands({ charger, live }: { charger: Charger; live: LiveCharger | null }) {
  const confirm = useConfirm();
  const { outcome, setOutcome, send, button: commandButton } = useChargerCommand(charger.id);
  const button = (label: string, onClick: () => void, color?: string) => commandButton(label, onClick, { color });
  const [idTag, setIdTag] = useState('');
  const connectorIds = charger.connectors.map((c) => c.connectorId).sort((a, b) => a - b);
  const connectorOptions = connectorIds.map((n) => ({ value: String(n), label: `Connector ${n}` }));
  const [startConnector, setStartConnector] = useState<string | null>(connectorOptions[0]?.value ?? null);
  const [unlockConnector, setUnlockConnector] = useState<string | null>(connectorOptions[0]?.value ?? null);
  const [availabilityTarget, setAvailabilityTarget] = useState<string>('0');
  const [availability, setAvailability] = useState<'operative' | 'inoperative'>('inoperative');
  const session = live?.activeSession ?? null;

  const run = async <C extends CommandName>(label: string, command: C, body: CommandBodies[C], question?: string) => {
    if (question && !(await confirm(question, { title: label, confirmLabel: label }))) return;
    await send(label, command, body);
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="Remote commands">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Remote commands
        </Title>
        {live && !live.online && (
          <Text size="sm" c="dimmed">
            The charger is offline; commands will be refused until it reconnects.
          </Text>
        )}
        <Group gap="xs">
          {button(
            'Soft reset',
            () => void run('Soft reset', 'reset', { type: 'soft' }, `Soft reset “${charger.name}”? Running sessions may stop.`),
            'orange',
          )}
          {button(
            'Hard reset',
            () =>
              void run(
                'Hard reset',
                'reset',
                { type: 'hard' },
                `Hard reset “${charger.name}”? It reboots at once and running sessions stop.`,
              ),
            'red',
          )}
          {button('Trigger status', () => void run('Trigger status', 'trigger-message', { message: 'StatusNotification' }))}
          {button('Clear cache', () => void run('Clear cache', 'clear-cache', {}))}
          {button('Get configuration', () => void run('Get configuration', 'get-configuration', {}))}
        </Group>
        <Divider />
        <Group gap="xs" align="flex-end">
          <TextInput
            label="ID token"
            placeholder="e.g. RFID tag"
            size="xs"
            maxLength={20}
            value={idTag}
            onChange={(e) => setIdTag(e.currentTarget.value)}
          />
          <Select
            label="Start on"
            size="xs"
            w={140}
            data={connectorOptions}
            value={startConnector}
            onChange={setStartConnector}
            aria-label="Connector to start on"
          />
          {button('Remote start', () => {
            if (!idTag.trim())
              return setOutcome({ label: 'Remote start', error: new Error('Enter the ID token to start with.') });
            void run('Remote start', 'remote-start', {
              idTag: idTag.trim(),
              ...(startConnector ? { connectorId: Number(startConnector) } : {}),
            });
          })}
          {session &&
            button(
              'Remote stop',
              () =>
                void run(
                  'Remote stop',
                  'remote-stop',
                  { sessionId: session.sessionId },
                  `Stop the session running on connector ${session.connectorId ?? ''}?`,
                ),
              'red',
            )}
        </Group>
        <Group gap="xs" align="flex-end">
          <Select
            label="Unlock"
            size="xs"
            w={140}
            data={connectorOptions}
            value={unlockConnector}
            onChange={setUnlockConnector}
            aria-label="Connector to unlock"
          />
          {button('Unlock connector', () => {
            if (!unlockConnector) return;
            void run(
              'Unlock connector',
              'unlock-connector',
              { connectorId: Number(unlockConnector) },
              `Unlock connector ${unlockConnector}? This only releases the cable lock: it does not stop a running session (use Remote stop for that).`,
            );
          })}
        </Group>
        <Group gap="xs" align="flex-end">
          <Select
            label="Availability of"
            size="xs"
            w={160}
            data={[{ value: '0', label: 'Whole charger' }, ...connectorOptions]}
            value={availabilityTarget}
            onChange={(v) => setAvailabilityTarget(v ?? '0')}
            allowDeselect={false}
          />
          <Select
            label="Set to"
            size="xs"
            w={140}
            data={[
              { value: 'operative', label: 'Operative' },
              { value: 'inoperative', label: 'Inoperative' },
            ]}
            value={availability}
            onChange={(v) => setAvailability(v === 'operative' ? 'operative' : 'inoperative')}
            allowDeselect={false}
          />
          {button(
            'Change availability',
            () =>
              void run('Change availability', 'change-availability', { availability, connectorId: Number(availabilityTarget) }),
          )}
        </Group>
        {outcome && <CommandOutcome outcome={outcome} />}
      </Stack>
    </Paper>
  );
}

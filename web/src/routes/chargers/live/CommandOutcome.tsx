import { Alert, Code, Table, Text } from '@mantine/core';
import { ApiError } from '../../../api/client';
import type { CommandResult } from '../../../api/commands';
import { errorMessage } from '../../../components/states';
import { commandResultWords, commandSucceeded } from './command-words';

export type Outcome = { label: string; result: CommandResult } | { label: string; error: unknown };

interface ConfigurationKey {
  key: string;
  readonly?: boolean;
  value?: string;
}

/** OCPP 1.6 GetConfiguration answers `{configurationKey: [{key, readonly, value}], unknownKey}`. */
function configurationKeys(response: unknown): ConfigurationKey[] | null {
  if (typeof response !== 'object' || response === null || !('configurationKey' in response)) return null;
  const keys = (response as { configurationKey: unknown }).configurationKey;
  return Array.isArray(keys) ? (keys as ConfigurationKey[]) : null;
}

/** The headline of a charger's answer: its `status` (Accepted, Rejected, Scheduled…) when it has one. */
function answerStatus(response: unknown): string | null {
  if (typeof response === 'object' && response !== null && 'status' in response) {
    const status = (response as { status: unknown }).status;
    return typeof status === 'string' ? status : null;
  }
  return null;
}

const ERROR_HINTS: Record<string, string> = {
  CHARGER_OFFLINE: 'The charger is not connected, so the command was not sent.',
  CHARGER_TIMEOUT: 'The charger did not answer in time. It may still carry the command out.',
  CHARGER_ERROR: 'The charger refused the message (OCPP CALLERROR).',
  COMMAND_UNSUPPORTED: 'This charger’s OCPP version has no such command.',
  CHARGING_PROFILE_INVALID: 'The limit was not sent: correct the field named above.',
};

/** The charger's answer to the last command, or why there is none. */
export function CommandOutcome({ outcome }: { outcome: Outcome }) {
  if ('error' in outcome) {
    const code = outcome.error instanceof ApiError ? outcome.error.code : null;
    return (
      <Alert color="red" title={`${outcome.label} failed${code ? ` (${code})` : ''}`} role="alert">
        <Text size="sm">{errorMessage(outcome.error)}</Text>
        {code && ERROR_HINTS[code] && <Text size="sm">{ERROR_HINTS[code]}</Text>}
      </Alert>
    );
  }
  const { response, action } = outcome.result;
  const status = answerStatus(response);
  const keys = configurationKeys(response);
  const refused = !commandSucceeded(status);
  return (
    <Alert color={refused ? 'yellow' : 'teal'} title={commandResultWords(outcome.label, status)} role="status">
      {keys ? (
        <Table.ScrollContainer minWidth={360} type="native" mah={300}>
          <Table aria-label="Configuration" fz="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key</Table.Th>
                <Table.Th>Value</Table.Th>
                <Table.Th>Read-only</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((k) => (
                <Table.Tr key={k.key}>
                  <Table.Td>{k.key}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{k.value ?? '—'}</Table.Td>
                  <Table.Td>{k.readonly ? 'yes' : 'no'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <details>
          <summary>
            <Text span size="xs" c="dimmed">
              OCPP {action}: the charger’s answer as sent
            </Text>
          </summary>
          <Code block>{JSON.stringify(response, null, 2)}</Code>
        </details>
      )}
    </Alert>
  );
}

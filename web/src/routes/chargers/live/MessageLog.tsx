import { Fragment, useState } from 'react';
import { ActionIcon, Badge, Code, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconChevronDown, IconChevronRight, IconRefresh } from '@tabler/icons-react';
import { type MessageLogEntry, getMessageLog, liveKeys } from '../../../api/live';
import { ErrorAlert, Loading } from '../../../components/states';
import { formatDateTimeMs } from '../../../format';

const TYPE_NAMES: Record<string, string> = { '2': 'CALL', '3': 'CALLRESULT', '4': 'CALLERROR' };

function typeOf(entry: MessageLogEntry): string {
  const type = entry.messageType;
  if (type === null) return '—';
  return TYPE_NAMES[String(type)] ?? String(type);
}

/** Pretty-prints a logged frame; frames are stored as sent, which may not even be JSON. */
function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** The last 100 OCPP frames to and from the charger, each payload expandable. */
export function MessageLog({ chargerId, timeZone }: { chargerId: string; timeZone?: string }) {
  const query = useQuery({ queryKey: liveKeys.messages(chargerId), queryFn: () => getMessageLog(chargerId, 100) });
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (index: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });

  return (
    <Paper withBorder p="md" component="section" aria-label="Message log">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Message log
        </Title>
        <ActionIcon
          variant="subtle"
          aria-label="Refresh the message log"
          onClick={() => void query.refetch()}
          loading={query.isFetching}
        >
          <IconRefresh size={16} aria-hidden />
        </ActionIcon>
      </Group>
      {query.isLoading ? (
        <Loading label="Loading the message log" />
      ) : query.isError ? (
        <ErrorAlert error={query.error} title="The message log is not available" />
      ) : (query.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          No OCPP messages yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520} type="native" mah={420}>
          <Table stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36} />
                <Table.Th>Time</Table.Th>
                <Table.Th>Direction</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Type</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(query.data ?? []).map((entry, index) => {
                const expanded = open.has(index);
                return (
                  <Fragment key={`${entry.id ?? entry.at}-${index}`}>
                    <Table.Tr>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          size="sm"
                          aria-expanded={expanded}
                          aria-label={`${expanded ? 'Hide' : 'Show'} payload of ${entry.action ?? typeOf(entry)} at ${formatDateTimeMs(entry.at, timeZone)}`}
                          onClick={() => toggle(index)}
                        >
                          {expanded ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td>{formatDateTimeMs(entry.at, timeZone)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={entry.direction === 'in' ? 'indigo' : 'grape'} size="sm">
                          {entry.direction === 'in' ? 'from charger' : 'to charger'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{entry.action ?? '—'}</Table.Td>
                      <Table.Td>{typeOf(entry)}</Table.Td>
                    </Table.Tr>
                    {expanded && (
                      <Table.Tr>
                        <Table.Td colSpan={5}>
                          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                            {pretty(entry.payload)}
                          </Code>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

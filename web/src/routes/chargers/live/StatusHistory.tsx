import { Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getStatusHistory, liveKeys } from '../../../api/live';
import { ErrorAlert, Loading } from '../../../components/states';
import { formatDateTime } from '../../../format';
import { LiveStatusBadge } from '../../../live/LiveStatusBadge';

const hasError = (code: string | null) => code !== null && code !== '' && code !== 'NoError';

/** Every status report of the charger's connectors, newest first, with OCPP error details. */
export function StatusHistory({ chargerId, timeZone }: { chargerId: string; timeZone?: string }) {
  const query = useQuery({ queryKey: liveKeys.statusHistory(chargerId), queryFn: () => getStatusHistory(chargerId, 100) });
  return (
    <Paper withBorder p="md" component="section" aria-label="Status and error history">
      <Title order={2} size="h4" mb="sm">
        Status and error history
      </Title>
      {query.isLoading ? (
        <Loading label="Loading status history" />
      ) : query.isError ? (
        <ErrorAlert error={query.error} title="The status history is not available" />
      ) : (query.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          The charger has not reported a status yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560} type="native" mah={360}>
          <Table striped stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Connector</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Error</Table.Th>
                <Table.Th>Info</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(query.data ?? []).map((entry, index) => (
                <Table.Tr key={`${entry.at}-${entry.evseId}-${entry.connectorId}-${index}`}>
                  <Table.Td>{formatDateTime(entry.at, timeZone)}</Table.Td>
                  <Table.Td>{entry.connectorId === 0 ? 'Charger' : `#${entry.connectorId}`}</Table.Td>
                  <Table.Td>
                    <LiveStatusBadge status={entry.status} variant="light" />
                  </Table.Td>
                  <Table.Td c={hasError(entry.errorCode) ? 'red' : 'dimmed'}>
                    {hasError(entry.errorCode) ? entry.errorCode : '—'}
                    {entry.vendorErrorCode && ` (${entry.vendorId ?? 'vendor'} ${entry.vendorErrorCode})`}
                  </Table.Td>
                  <Table.Td>{entry.info ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

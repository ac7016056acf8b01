import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Paper, ScrollArea, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type AuthFailureReason, authFailureKeys, listAuthFailures } from '../../api/chargers';
import { ErrorAlert, Loading } from '../../components/states';
import { formatDateTime } from '../../format';

const REASON_LABELS: Record<AuthFailureReason, string> = {
  bad_password: 'Wrong or missing password',
  unknown_identity: 'Unknown identity',
  no_password: 'No password set for the charger',
  rejected: 'Rejected from the unclaimed chargers',
};

/** The viewer's own zone, named in every time ("GMT+1"), so a time is never ambiguous. */
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Refused OCPP connections per identity and address: why a charger cannot connect, or who is probing. */
export function ConnectionRefusalsPage() {
  const [since, setSince] = useState('24');
  const hours = Number(since);
  const refusals = useQuery({
    queryKey: authFailureKeys.list(hours),
    queryFn: () => listAuthFailures(hours),
    refetchInterval: 30_000,
  });

  return (
    <Stack>
      <Title order={1}>Connection refusals</Title>
      <Text c="dimmed" size="sm">
        Chargers refused at the OCPP connection (HTTP basic auth), grouped per identity and address. A locked-out one is refused
        before its password is checked until its failures age out; chargers behind the same address are not affected.
      </Text>
      <SegmentedControl
        aria-label="Period"
        w="fit-content"
        value={since}
        onChange={setSince}
        data={[
          { value: '1', label: 'Last hour' },
          { value: '24', label: 'Last 24 hours' },
        ]}
      />
      {refusals.isPending ? (
        <Loading />
      ) : refusals.isError ? (
        <ErrorAlert error={refusals.error} />
      ) : refusals.data.length === 0 ? (
        <Text c="dimmed">No refused connections in this period.</Text>
      ) : (
        <Paper withBorder>
          <ScrollArea>
            <Table striped miw={900} aria-label="Connection refusals">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Identity</Table.Th>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th ta="right">Attempts</Table.Th>
                  <Table.Th>First</Table.Th>
                  <Table.Th>Last</Table.Th>
                  <Table.Th>Now</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {refusals.data.map((r) => (
                  <Table.Tr key={`${r.identity} ${r.remoteAddress}`}>
                    <Table.Td>
                      {r.chargerId ? (
                        <Anchor component={Link} to={`/chargers/${r.chargerId}`}>
                          {r.identity}
                        </Anchor>
                      ) : (
                        <>
                          {r.identity}{' '}
                          <Badge color="gray" variant="light">
                            Not a registered charger
                          </Badge>
                        </>
                      )}
                    </Table.Td>
                    <Table.Td>{r.remoteAddress}</Table.Td>
                    <Table.Td>{r.reasons.map((reason) => REASON_LABELS[reason]).join(', ')}</Table.Td>
                    <Table.Td ta="right">{r.count}</Table.Td>
                    <Table.Td>{formatDateTime(r.firstAt, zone)}</Table.Td>
                    <Table.Td>{formatDateTime(r.lastAt, zone)}</Table.Td>
                    <Table.Td>
                      {r.lockedOut ? (
                        <Badge color="red" variant="light">
                          Locked out
                        </Badge>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      )}
    </Stack>
  );
}

import { useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type UnclaimedCharger,
  forgiveRejected,
  listRejected,
  listUnclaimed,
  rejectUnclaimed,
  unclaimedKeys,
} from '../../api/chargers';
import { useRowActions } from '../../components/row-actions';
import { ErrorAlert, Loading } from '../../components/states';
import { formatDateTime } from '../../format';
import { pathTo } from '../route-table';
import { ClaimChargerModal } from './ClaimChargerModal';

/** The viewer's own zone, named in every time: unclaimed chargers belong to no site yet. */
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const PROTOCOLS: Record<string, string> = { 'ocpp1.6': 'OCPP 1.6', 'ocpp2.0.1': 'OCPP 2.0.1' };
const device = (c: { vendor: string | null; model: string | null }) => [c.vendor, c.model].filter(Boolean).join(' ') || '—';

/**
 * Chargers that connected with an identity nobody registered: they wait, Pending, until platform
 * staff claim them into an organization and site, or reject them (refused from then on).
 */
export function UnclaimedChargersPage() {
  const queryClient = useQueryClient();
  const [claiming, setClaiming] = useState<UnclaimedCharger | null>(null);
  const [justClaimed, setJustClaimed] = useState<{ id: string; name: string } | null>(null);
  const unclaimed = useQuery({ queryKey: unclaimedKeys.list, queryFn: listUnclaimed, refetchInterval: 15_000 });
  const rejected = useQuery({ queryKey: unclaimedKeys.rejected, queryFn: listRejected });
  const actions = useRowActions(unclaimedKeys.all);

  return (
    <Stack>
      <Title order={1}>Unclaimed chargers</Title>
      <Text c="dimmed" size="sm">
        Chargers that connected with an OCPP identity no organization has registered. They are answered Pending and wait here:
        claim one into an organization and site and it is Accepted at its next boot; reject one and its connections are refused
        from then on.
      </Text>
      <Text c="dimmed" size="sm">
        Unknown chargers wait here only when the central system runs with <Code>OCPP_UNKNOWN_CHARGERS=pending</Code>; by default
        they are refused at the connection and show under Connection refusals.
      </Text>
      {justClaimed && (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setJustClaimed(null)}>
          {justClaimed.name} claimed: it is Accepted at its next boot.{' '}
          <Anchor component={Link} to={pathTo('charger', { id: justClaimed.id })}>
            Open the charger
          </Anchor>
        </Alert>
      )}
      {actions.error && (
        <Alert color="red" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={actions.dismiss}>
          {actions.error}
        </Alert>
      )}
      {unclaimed.isPending ? (
        <Loading label="Loading unclaimed chargers" />
      ) : unclaimed.isError ? (
        <ErrorAlert error={unclaimed.error} />
      ) : unclaimed.data.length === 0 ? (
        <Text c="dimmed">No charger is waiting to be claimed.</Text>
      ) : (
        <Paper withBorder>
          <ScrollArea>
            <Table striped miw={1000} aria-label="Unclaimed chargers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Identity</Table.Th>
                  <Table.Th>Device</Table.Th>
                  <Table.Th>Serial · firmware</Table.Th>
                  <Table.Th>Protocol</Table.Th>
                  <Table.Th>Address</Table.Th>
                  <Table.Th ta="right">Boots</Table.Th>
                  <Table.Th>First seen</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {unclaimed.data.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td ff="monospace">
                      {c.ocppIdentity}
                      {!c.presentedPassword && (
                        <Badge ml="xs" color="gray" variant="light">
                          No password
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{device(c)}</Table.Td>
                    <Table.Td>{[c.serialNumber, c.firmwareVersion].filter(Boolean).join(' · ') || '—'}</Table.Td>
                    <Table.Td>{c.protocol ? (PROTOCOLS[c.protocol] ?? c.protocol) : '—'}</Table.Td>
                    <Table.Td>{c.remoteAddress ?? '—'}</Table.Td>
                    <Table.Td ta="right">{c.bootCount}</Table.Td>
                    <Table.Td>{formatDateTime(c.firstSeenAt, zone)}</Table.Td>
                    <Table.Td>{formatDateTime(c.lastSeenAt, zone)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" onClick={() => setClaiming(c)} aria-label={`Claim ${c.ocppIdentity}`}>
                          Claim
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          aria-label={`Reject ${c.ocppIdentity}`}
                          onClick={() =>
                            void actions.perform({
                              confirm: {
                                message: `Reject ${c.ocppIdentity}? Its connections are refused from now on and it is not listed here again, until you forgive it.`,
                                label: 'Reject charger',
                              },
                              run: () => rejectUnclaimed(c.id),
                              done: `${c.ocppIdentity} rejected`,
                            })
                          }
                        >
                          Reject
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      )}

      <Title order={2} size="h3" mt="md">
        Rejected
      </Title>
      <Text c="dimmed" size="sm">
        Identities refused at the connection. Forgive one and its next connection is listed above again.
      </Text>
      {rejected.isPending ? (
        <Loading label="Loading rejected chargers" />
      ) : rejected.isError ? (
        <ErrorAlert error={rejected.error} />
      ) : rejected.data.length === 0 ? (
        <Text c="dimmed">No identity has been rejected.</Text>
      ) : (
        <Paper withBorder>
          <ScrollArea>
            <Table striped miw={800} aria-label="Rejected chargers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Identity</Table.Th>
                  <Table.Th>Device</Table.Th>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                  <Table.Th>Rejected</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rejected.data.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td ff="monospace">{r.ocppIdentity}</Table.Td>
                    <Table.Td>{device(r)}</Table.Td>
                    <Table.Td>{r.remoteAddress ?? '—'}</Table.Td>
                    <Table.Td>{formatDateTime(r.lastSeenAt, zone)}</Table.Td>
                    <Table.Td>{formatDateTime(r.rejectedAt, zone)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Forgive ${r.ocppIdentity}`}
                        onClick={() =>
                          void actions.perform({ run: () => forgiveRejected(r.id), done: `${r.ocppIdentity} forgiven` })
                        }
                      >
                        Forgive
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      )}
      {claiming && (
        <ClaimChargerModal
          charger={claiming}
          onClose={() => setClaiming(null)}
          onClaimed={(claimed) => {
            setClaiming(null);
            setJustClaimed(claimed);
            void queryClient.invalidateQueries({ queryKey: unclaimedKeys.all });
            void queryClient.invalidateQueries({ queryKey: ['chargers', 'list'] });
          }}
        />
      )}
    </Stack>
  );
}

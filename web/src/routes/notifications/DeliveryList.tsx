import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  CHANNEL_LABELS,
  DELIVERY_STATUS_COLORS,
  DELIVERY_STATUS_LABELS,
  type Delivery,
  deliveryKeys,
  listDeliveries,
} from '../../api/notifications';
import { ErrorAlert, Loading } from '../../components/states';
import { formatDateTime } from '../../format';

/** What the status means for this row, in words: when it went, why it waits or was not sent. */
function outcome(d: Delivery): string {
  switch (d.status) {
    case 'sent':
      return `Sent ${formatDateTime(d.sentAt)}`;
    case 'held':
      return `Held (${d.reason ?? 'quiet hours'}) until ${formatDateTime(d.dueAt)}`;
    case 'skipped':
      return `Not sent: ${d.reason ?? '—'}`;
    case 'failed':
      return `Failed: ${d.lastError ?? '—'}`;
    case 'queued':
      return d.lastError ? `Will be tried again (${d.lastError})` : 'Waiting to be sent';
    case 'digested':
      return 'Sent in a digest (its own row shows when)';
  }
}

/** Each channel one of my notifications went out on, its target (masked) and what happened. */
export function DeliveryList({ notificationId }: { notificationId: string }) {
  const query = useQuery({
    queryKey: deliveryKeys.of(notificationId),
    queryFn: () => listDeliveries(notificationId),
    // Followed while a delivery is on its way (just made, or being retried).
    refetchInterval: (q) =>
      q.state.data?.items.some((d) => d.status === 'queued') || q.state.data?.items.length === 0 ? 3000 : false,
  });
  if (query.isLoading) return <Loading label="Loading deliveries" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const items = query.data?.items ?? [];
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        In the app only: no e-mail or push was made for this notification.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={4} fz="sm" aria-label="Deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Channel</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Result</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{CHANNEL_LABELS[d.channel]}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{d.target ?? '—'}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={DELIVERY_STATUS_COLORS[d.status]}>
                  {DELIVERY_STATUS_LABELS[d.status]}
                </Badge>
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{outcome(d)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

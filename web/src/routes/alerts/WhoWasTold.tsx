import { Badge, Group, Paper, Table, Text, Title } from '@mantine/core';
import type { AlertRecipient } from '../../api/alerts';
import {
  CHANNEL_LABELS,
  DELIVERY_STATUS_COLORS,
  DELIVERY_STATUS_LABELS,
  type NotificationChannel,
} from '../../api/notifications';
import { formatDateTime } from '../../format';

type RecipientDelivery = AlertRecipient['deliveries'][number];

function deliveryTitle(d: RecipientDelivery): string {
  if (d.status === 'sent') return `Sent ${formatDateTime(d.sentAt)}`;
  if (d.status === 'held') return `Held until ${formatDateTime(d.dueAt)}`;
  if (d.reason) return d.reason;
  return `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
}

/** The alert's notifications (the last 50) to people the viewer reaches, each channel with its status. */
export function WhoWasTold({ recipients }: { recipients: AlertRecipient[] }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Who was told">
      <Title order={2} size="h4" mb="sm">
        Who was told
      </Title>
      {recipients.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nobody you can see was notified of this alert.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={4} fz="sm" aria-label="Recipients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Recipient</Table.Th>
                <Table.Th>Told</Table.Th>
                <Table.Th>In the app</Table.Th>
                <Table.Th>Channels</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recipients.map((r) => (
                <Table.Tr key={r.notificationId}>
                  <Table.Td>
                    {r.name}
                    {r.title.startsWith('Escalated:') && (
                      <Badge ml={6} size="xs" color="red" variant="light">
                        escalation
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDateTime(r.notifiedAt)}</Table.Td>
                  <Table.Td>{r.readAt ? `Read ${formatDateTime(r.readAt)}` : 'Unread'}</Table.Td>
                  <Table.Td>
                    {r.deliveries.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        In the app only
                      </Text>
                    ) : (
                      <Group gap={4}>
                        {r.deliveries.map((d, i) => (
                          <Badge
                            key={i}
                            size="sm"
                            variant="light"
                            color={DELIVERY_STATUS_COLORS[d.status as keyof typeof DELIVERY_STATUS_COLORS] ?? 'gray'}
                            title={deliveryTitle(d)}
                          >
                            {CHANNEL_LABELS[d.channel as NotificationChannel] ?? d.channel}:{' '}
                            {DELIVERY_STATUS_LABELS[d.status as keyof typeof DELIVERY_STATUS_LABELS] ?? d.status}
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        The last 50 notifications of this alert, to people in your reach. Hover a channel for when it was sent or why not.
      </Text>
    </Paper>
  );
}

import { Link, useParams } from 'react-router';
import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CHANNEL_LABELS,
  type MessageRecipient,
  STATUS_COLORS,
  STATUS_LABELS,
  audienceText,
  cancelMessage,
  getMessage,
  messageKeys,
} from '../../api/driver-messages';
import { useOrgLink } from '../../components/organization-scope';
import { ErrorAlert, Loading, NotFoundState, errorMessage, isNotFound } from '../../components/states';
import { formatDateTime } from '../../format';
import { pathTo } from '../route-table';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const at = (iso: string | null) => (iso ? formatDateTime(iso, viewerZone) : '—');

const DELIVERY_COLORS: Record<string, string> = { sent: 'teal', failed: 'red', skipped: 'gray', held: 'yellow', queued: 'blue' };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function Deliveries({ recipient }: { recipient: MessageRecipient }) {
  if (recipient.deliveries.length === 0) return <Text size="sm">In the app only</Text>;
  return (
    <Stack gap={4}>
      {recipient.deliveries.map((d, i) => (
        <div key={i}>
          <Group gap={6}>
            <Text size="sm">{CHANNEL_LABELS[d.channel] ?? d.channel}</Text>
            <Badge size="sm" variant="light" color={DELIVERY_COLORS[d.status] ?? 'gray'}>
              {d.status}
            </Badge>
            {d.sentAt && (
              <Text size="xs" c="dimmed">
                {at(d.sentAt)}
              </Text>
            )}
          </Group>
          {(d.reason || d.error) && (
            <Text size="xs" c={d.error ? 'red' : 'dimmed'}>
              {d.error ?? d.reason}
            </Text>
          )}
        </div>
      ))}
    </Stack>
  );
}

/** One message: what it said, to whom, and each recipient's delivery and in-app read state. */
export function MessageDetailPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const orgLink = useOrgLink();
  const query = useQuery({
    queryKey: messageKeys.detail(id),
    queryFn: () => getMessage(id),
    // Deliveries come in over the next seconds; a scheduled message goes out by itself.
    refetchInterval: 5_000,
  });
  const cancel = useMutation({
    mutationFn: () => cancelMessage(id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: messageKeys.all }),
  });
  if (query.isLoading) return <Loading />;
  if (isNotFound(query.error))
    return <NotFoundState title="Message not found" backTo={orgLink(pathTo('driverMessages'))} backLabel="Messages" />;
  if (query.error || !query.data) return <ErrorAlert error={query.error} />;
  const m = query.data;
  return (
    <Stack>
      <Anchor component={Link} to={orgLink(pathTo('driverMessages'))} size="sm">
        ← Messages
      </Anchor>
      <Group justify="space-between">
        <Title order={1}>{m.title}</Title>
        <Badge size="lg" variant="light" color={STATUS_COLORS[m.status]}>
          {STATUS_LABELS[m.status]}
        </Badge>
      </Group>
      <Paper withBorder p="md">
        <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
        {m.link && (
          <Text size="sm" mt="xs" c="dimmed">
            Link: {m.link}
          </Text>
        )}
      </Paper>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Fact label="Organization">{m.organizationName}</Fact>
        <Fact label="Kind">{m.category === 'service' ? 'Service' : 'Marketing'}</Fact>
        <Fact label="Recipients">{audienceText(m.audience)}</Fact>
        <Fact label="Channels">
          {m.channels.length === 0 ? 'In the app only' : m.channels.map((c) => CHANNEL_LABELS[c]).join(', ')}
        </Fact>
        <Fact label={m.sentAt ? 'Sent' : 'Scheduled for'}>{at(m.sentAt ?? m.sendAt)}</Fact>
        <Fact label="Written by">{m.authorName ?? '—'}</Fact>
        <Fact label="Drivers told">{m.recipientCount === null ? '—' : m.recipientCount}</Fact>
        <Fact label="Opened in the app">{m.recipientsTotal === 0 ? '—' : `${m.opened} of ${m.recipientsTotal}`}</Fact>
      </SimpleGrid>
      {m.status === 'scheduled' && (
        <Group>
          <Button color="red" variant="light" loading={cancel.isPending} onClick={() => cancel.mutate()}>
            Cancel message
          </Button>
        </Group>
      )}
      {cancel.error && (
        <Alert color="red" role="alert">
          {errorMessage(cancel.error)}
        </Alert>
      )}
      <Title order={2} size="h3">
        Delivery per recipient
      </Title>
      <Text size="sm" c="dimmed">
        Times on your clock ({viewerZone}).
      </Text>
      {m.recipients.length === 0 ? (
        <Text size="sm">{m.status === 'sent' ? 'Nobody was in the audience when it was sent.' : 'Not sent yet.'}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Caption>Delivery per recipient</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Driver</Table.Th>
                <Table.Th>In the app</Table.Th>
                <Table.Th>Opened</Table.Th>
                <Table.Th>Channels</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.recipients.map((r) => (
                <Table.Tr key={r.userId}>
                  <Table.Td>
                    <Text size="sm">{r.name}</Text>
                    <Text size="xs" c="dimmed">
                      {r.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{at(r.notifiedAt)}</Table.Td>
                  <Table.Td>{r.openedAt ? at(r.openedAt) : 'Not yet'}</Table.Td>
                  <Table.Td>
                    <Deliveries recipient={r} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

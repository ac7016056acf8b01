import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Collapse, Group, Pagination, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type AppNotification, markAllNotificationsRead, markNotificationRead, notificationKeys } from '../../api/alerts';
import { listNotificationPage } from '../../api/notifications';
import { ErrorAlert, Loading } from '../../components/states';
import { formatDateTime } from '../../format';
import { DeliveryList } from './DeliveryList';

const PAGE_SIZE = 20;
const SEVERITY_COLORS: Record<string, string> = { critical: 'red', warning: 'orange', info: 'blue' };

function NotificationRow({ item, onRead }: { item: AppNotification; onRead: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const unread = item.readAt === null;
  return (
    <Paper
      withBorder
      p="sm"
      style={{ borderLeft: `4px solid ${unread ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-default-border)'}` }}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs" wrap="wrap">
            {item.link ? (
              <Anchor component={Link} to={item.link} fw={unread ? 700 : 500} onClick={() => unread && onRead(item.id)}>
                {item.title}
              </Anchor>
            ) : (
              <Text fw={unread ? 700 : 500}>{item.title}</Text>
            )}
            {item.severity && (
              <Badge size="sm" variant="light" color={SEVERITY_COLORS[item.severity] ?? 'gray'}>
                {item.severity}
              </Badge>
            )}
            {unread && (
              <Badge size="sm" color="blue">
                Unread
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" miw="max-content">
            {formatDateTime(item.createdAt)}
          </Text>
        </Group>
        {item.body && (
          <Text size="sm" c="dimmed" style={{ wordBreak: 'break-word' }}>
            {item.body}
          </Text>
        )}
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="subtle"
            aria-expanded={open}
            aria-label={`Delivery of “${item.title}”`}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? 'Hide delivery' : 'Delivery'}
          </Button>
          {unread && (
            <Button size="compact-sm" variant="subtle" color="gray" onClick={() => onRead(item.id)}>
              Mark read
            </Button>
          )}
        </Group>
        <Collapse expanded={open}>{open && <DeliveryList notificationId={item.id} />}</Collapse>
      </Stack>
    </Paper>
  );
}

/** The notification centre: all my notifications, unread first to see, and where each one went. */
export function NotificationsPage() {
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<'all' | 'unread'>('all');
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: [...notificationKeys.all, 'page', shown, page],
    queryFn: () => listNotificationPage({ unread: shown === 'unread' || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  const readOne = useMutation({ mutationFn: markNotificationRead, onSettled: refresh });
  const readAll = useMutation({ mutationFn: markAllNotificationsRead, onSettled: refresh });
  const data = query.data;
  const unread = data?.unread ?? 0;
  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={1}>Notifications</Title>
        <Group>
          <Anchor component={Link} to="/profile" size="sm">
            Notification preferences
          </Anchor>
          <Button variant="default" disabled={unread === 0} loading={readAll.isPending} onClick={() => readAll.mutate()}>
            Mark all read
          </Button>
        </Group>
      </Group>
      <Group>
        <SegmentedControl
          aria-label="Show"
          value={shown}
          onChange={(v) => {
            setShown(v as 'all' | 'unread');
            setPage(1);
          }}
          data={[
            { value: 'all', label: 'All' },
            { value: 'unread', label: `Unread (${unread})` },
          ]}
        />
      </Group>
      {query.isLoading && <Loading label="Loading notifications" />}
      {query.isError && <ErrorAlert error={query.error} />}
      {data && data.items.length === 0 && (
        <Text c="dimmed">{shown === 'unread' ? 'No unread notifications.' : 'No notifications yet.'}</Text>
      )}
      {data && data.items.length > 0 && (
        <Stack gap="xs">
          {data.items.map((item) => (
            <NotificationRow key={item.id} item={item} onRead={(id) => readOne.mutate(id)} />
          ))}
        </Stack>
      )}
      {data && data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(data.total / PAGE_SIZE)} value={page} onChange={setPage} aria-label="Pages" />
      )}
    </Stack>
  );
}

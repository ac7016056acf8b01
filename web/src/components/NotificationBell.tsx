import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ActionIcon, Badge, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type AppNotification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationKeys,
  unreadCount,
} from '../api/alerts';
import { useSession } from '../auth/session';
import { formatDateTime } from '../format';
import { useLiveEvents } from '../live/useLiveEvents';
import { ErrorAlert, Loading } from './states';

const POLL_MS = 60_000;
const SEVERITY_COLORS: Record<string, string> = { critical: 'red', warning: 'orange', info: 'blue' };

function NotificationItem({ item, onOpen }: { item: AppNotification; onOpen: (item: AppNotification) => void }) {
  const unread = item.readAt === null;
  return (
    <UnstyledButton
      onClick={() => onOpen(item)}
      p="xs"
      aria-label={`${unread ? 'Unread: ' : ''}${item.title}`}
      style={{
        display: 'block',
        width: '100%',
        borderRadius: 'var(--mantine-radius-sm)',
        borderLeft: `3px solid ${unread ? 'var(--mantine-color-blue-6)' : 'transparent'}`,
        background: unread ? 'var(--mantine-color-blue-light)' : undefined,
      }}
    >
      <Group gap={6} wrap="nowrap" align="flex-start" justify="space-between">
        <Text size="sm" fw={unread ? 700 : 500} style={{ wordBreak: 'break-word' }}>
          {item.title}
        </Text>
        {item.severity && (
          <Badge size="xs" variant="light" color={SEVERITY_COLORS[item.severity] ?? 'gray'} miw="max-content">
            {item.severity}
          </Badge>
        )}
      </Group>
      {item.body && (
        <Text size="xs" c="dimmed" lineClamp={3}>
          {item.body}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {formatDateTime(item.createdAt)}
        {unread ? ' · unread' : ''}
      </Text>
    </UnstyledButton>
  );
}

/**
 * The bell in the header: the unread count of the user's notification centre, live from the
 * stream (`notification.created`) for roles that may open it, polled every minute for the others.
 */
export function NotificationBell() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const streamed = can('monitoring:read');
  const connection = useLiveEvents(streamed);
  const live = streamed && connection === 'live';
  const count = useQuery({
    queryKey: notificationKeys.unread,
    queryFn: unreadCount,
    refetchInterval: live ? false : POLL_MS,
  });
  const latest = useQuery({ queryKey: notificationKeys.latest, queryFn: () => listNotifications(10), enabled: opened });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  const readOne = useMutation({ mutationFn: markNotificationRead, onSettled: refresh });
  const readAll = useMutation({ mutationFn: markAllNotificationsRead, onSettled: refresh });
  const unread = count.data?.unread ?? 0;

  const open = (item: AppNotification) => {
    if (item.readAt === null) readOne.mutate(item.id);
    setOpened(false);
    if (item.link) void navigate(item.link);
  };

  return (
    <Indicator label={unread > 99 ? '99+' : unread} disabled={unread === 0} size={18} color="red" offset={4} inline>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" withArrow>
        {/* The target is the button itself: it carries aria-expanded, which a plain div may not. */}
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
            onClick={() => setOpened((o) => !o)}
          >
            <IconBell size={22} stroke={1.6} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs" aria-label="Notifications" role="dialog">
          <Group justify="space-between" mb="xs" px={4}>
            <Text fw={700}>Notifications</Text>
            <Button
              size="compact-xs"
              variant="subtle"
              disabled={unread === 0}
              loading={readAll.isPending}
              onClick={() => readAll.mutate()}
            >
              Mark all read
            </Button>
          </Group>
          {latest.isLoading && <Loading label="Loading notifications" />}
          {latest.isError && <ErrorAlert error={latest.error} />}
          {latest.data && latest.data.items.length === 0 && (
            <Text size="sm" c="dimmed" p="xs">
              No notifications yet.
            </Text>
          )}
          {latest.data && latest.data.items.length > 0 && (
            <ScrollArea.Autosize mah={420} type="auto">
              <Stack gap={4}>
                {latest.data.items.map((item) => (
                  <NotificationItem key={item.id} item={item} onOpen={open} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
          <Group justify="center" mt="xs">
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => {
                setOpened(false);
                void navigate('/notifications');
              }}
            >
              All notifications and their delivery
            </Button>
          </Group>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { messageKeys, myMessages, myPreferences, savePreferences } from '../../api/driver-messages';
import { notificationKeys, markNotificationRead } from '../../api/alerts';
import { ErrorAlert, Loading, errorMessage } from '../../components/states';
import { formatDateTime } from '../../format';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The driver's messages from its operator, newest first, with read state and the marketing opt-out. */
export function MyMessages() {
  const queryClient = useQueryClient();
  const messages = useQuery({ queryKey: messageKeys.mine, queryFn: myMessages, refetchInterval: 60_000 });
  const preferences = useQuery({ queryKey: messageKeys.preferences, queryFn: myPreferences });
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: messageKeys.mine }),
      queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
    ]);
  const read = async (id: string) => {
    setProblem(null);
    try {
      await markNotificationRead(id);
      await refresh();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const setOptOut = async (optOut: boolean) => {
    if (!preferences.data) return;
    setSaving(true);
    setProblem(null);
    try {
      const saved = await savePreferences({ ...preferences.data, marketingOptOut: optOut });
      queryClient.setQueryData(messageKeys.preferences, saved);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="my-messages-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="my-messages-title">
          Messages
        </Title>
        {messages.data && messages.data.unread > 0 && (
          <Badge color="blue" variant="filled">
            {messages.data.unread} unread
          </Badge>
        )}
      </Group>
      {messages.isLoading && <Loading />}
      {messages.error && <ErrorAlert error={messages.error} />}
      {messages.data && messages.data.items.length === 0 && <Text size="sm">No messages from your operator yet.</Text>}
      <Stack gap="sm">
        {messages.data?.items.map((m) => (
          <Paper key={m.id} withBorder p="sm" bg={m.readAt ? undefined : 'var(--mantine-color-blue-light)'} aria-label={m.title}>
            <Group justify="space-between" align="flex-start">
              <div>
                <Group gap={6}>
                  <Text fw={m.readAt ? 400 : 600}>{m.title}</Text>
                  {m.category === 'marketing' && (
                    <Badge size="xs" variant="light" color="grape">
                      Offer
                    </Badge>
                  )}
                  {!m.readAt && (
                    <Badge size="xs" variant="light">
                      Unread
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {formatDateTime(m.createdAt, viewerZone)}
                </Text>
              </div>
              {!m.readAt && (
                <Button size="xs" variant="subtle" onClick={() => void read(m.id)}>
                  Mark read
                </Button>
              )}
            </Group>
            <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
              {m.body}
            </Text>
          </Paper>
        ))}
      </Stack>
      {preferences.data && (
        <Switch
          mt="md"
          label="No marketing messages"
          description="Offers and news stop; messages about your own charging still reach you."
          checked={preferences.data.marketingOptOut}
          disabled={saving}
          onChange={(e) => void setOptOut(e.currentTarget.checked)}
        />
      )}
      {problem && (
        <Alert color="red" role="alert" mt="sm">
          {problem}
        </Alert>
      )}
    </Paper>
  );
}

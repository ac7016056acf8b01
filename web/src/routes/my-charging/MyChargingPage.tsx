import { Alert, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';

export function MyChargingPage() {
  return (
    <Stack maw={640}>
      <Title order={1}>My charging</Title>
      <Alert icon={<IconInfoCircle size={18} />} color="blue" title="Not available yet">
        Your charging sessions, receipts and wallet will appear here when the OCPP charging module is released. No sessions are
        recorded yet, so there is nothing to show.
      </Alert>
      <Text size="sm" c="dimmed">
        You can already update your name and phone under Profile in the user menu.
      </Text>
    </Stack>
  );
}

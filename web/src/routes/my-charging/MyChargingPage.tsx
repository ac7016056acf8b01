import { Alert, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { MyWallet } from '../wallets/MyWallet';

export function MyChargingPage() {
  return (
    <Stack maw={960}>
      <Title order={1}>My charging</Title>
      <MyWallet />
      <Alert icon={<IconInfoCircle size={18} />} color="blue" title="Sessions and receipts: not available yet">
        Your charging sessions and receipts will appear here in a later release; charging paid from your wallet already shows in
        its history above.
      </Alert>
      <Text size="sm" c="dimmed">
        You can update your name and phone under Profile in the user menu.
      </Text>
    </Stack>
  );
}

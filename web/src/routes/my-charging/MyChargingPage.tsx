import { Stack, Text, Title } from '@mantine/core';
import { MyWallet } from '../wallets/MyWallet';
import { MyMessages } from './MyMessages';
import { MySessions } from './MySessions';

export function MyChargingPage() {
  return (
    <Stack maw={960}>
      <Title order={1}>My charging</Title>
      <MyMessages />
      <MyWallet />
      <MySessions />
      <Text size="sm" c="dimmed">
        You can update your name and phone under Profile in the user menu.
      </Text>
    </Stack>
  );
}

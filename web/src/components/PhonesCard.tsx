import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { deleteMobileDevice, listMobileDevices, type MobileDevice } from '../api/mobile-devices';
import { formatDateTime } from '../format';
import { useConfirm } from './confirm';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const at = (iso: string | null) => (iso ? formatDateTime(iso, viewerZone) : 'Never');
const platformName = (platform: string) => (platform === 'ios' ? 'iPhone / iPad' : platform === 'android' ? 'Android' : platform);
const nameOf = (device: MobileDevice) => device.label ?? platformName(device.platform);

const devicesKey = ['me', 'mobile-devices'] as const;

/**
 * "Phones": the signed-in user's phones registered for mobile push, with Remove. Phones are added
 * by the Chargeboard mobile app when the user signs in there and allows notifications.
 */
export function PhonesCard() {
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const devices = useQuery({ queryKey: devicesKey, queryFn: listMobileDevices });
  const remove = useMutation({
    mutationFn: deleteMobileDevice,
    onSettled: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });

  const askRemove = async (device: MobileDevice) => {
    if (
      await confirm(`Stop sending notifications to ${nameOf(device)}?`, {
        title: 'Remove phone',
        confirmLabel: 'Remove',
        danger: true,
      })
    )
      remove.mutate(device.id);
  };

  const items = devices.data?.items ?? [];
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Phones
        </Title>
        <Text size="sm" c="dimmed">
          Phones are added by the Chargeboard mobile app when you sign in there and allow notifications; they cannot be added
          here. Remove a phone you no longer use. Times are in {viewerZone}.
        </Text>
        {devices.data && !devices.data.available && (
          <Alert color="yellow">
            <Text size="sm">This server does not send mobile push notifications yet (no Firebase account is configured).</Text>
          </Alert>
        )}
        {devices.isError && (
          <Alert color="red" role="alert">
            <Text size="sm">Could not load your phones.</Text>
          </Alert>
        )}
        {remove.isError && (
          <Alert color="red" role="alert">
            <Text size="sm">
              Could not remove the phone: {remove.error instanceof Error ? remove.error.message : 'try again'}
            </Text>
          </Alert>
        )}
        {devices.isSuccess && items.length === 0 && <Text size="sm">No phones registered.</Text>}
        {items.length > 0 && (
          <Table aria-label="Phones">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Platform</Table.Th>
                <Table.Th>Registered</Table.Th>
                <Table.Th>Last delivery</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((device) => (
                <Table.Tr key={device.id}>
                  <Table.Td>{nameOf(device)}</Table.Td>
                  <Table.Td>{platformName(device.platform)}</Table.Td>
                  <Table.Td>{at(device.createdAt)}</Table.Td>
                  <Table.Td>{at(device.lastSuccessAt)}</Table.Td>
                  <Table.Td>
                    <Group justify="flex-end">
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${nameOf(device)}`}
                        loading={remove.isPending && remove.variables === device.id}
                        onClick={() => void askRemove(device)}
                      >
                        Remove
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

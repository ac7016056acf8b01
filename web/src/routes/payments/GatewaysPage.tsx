import { useState } from 'react';
import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import { type GatewayConfig, deleteGatewayConfig, gatewayConfigKeys, listGatewayConfigs } from '../../api/gateway-configs';
import { useSession } from '../../auth/session';
import { DeleteButton } from '../../components/DeleteButton';
import { useConfirm } from '../../components/confirm';
import { ErrorAlert, Loading, NoAccess, errorMessage } from '../../components/states';
import { GatewayConfigModal } from './GatewayConfigModal';
import { GATEWAY_NAMES, maskedCredentials } from './gateway-words';
import { PaymentSettingsCard } from './PaymentSettingsCard';

/** Payment gateway configurations (the Admin's alone) and each organization's payment settings. */
export function GatewaysPage() {
  const { can } = useSession();
  const allowed = can('gateways:configure');
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const [editing, setEditing] = useState<GatewayConfig | 'new' | null>(null);
  const query = useQuery({ queryKey: gatewayConfigKeys.all, queryFn: listGatewayConfigs, enabled: allowed });
  if (!allowed) return <NoAccess />;
  const configs = query.data?.items ?? [];
  const byId = new Map(configs.map((c) => [c.id, c]));
  const refresh = () => queryClient.invalidateQueries({ queryKey: gatewayConfigKeys.all });

  const remove = async (c: GatewayConfig) => {
    const fallingBack = configs.filter((o) => o.fallbackConfigId === c.id).map((o) => o.label);
    const also = fallingBack.length ? ` ${fallingBack.join(', ')} will lose their fallback.` : '';
    if (
      !(await confirm(`Delete “${c.label}”? Its credentials are deleted with it.${also}`, {
        confirmLabel: 'Delete',
        danger: true,
      }))
    )
      return;
    try {
      await deleteGatewayConfig(c.id);
      notifications.show({ color: 'teal', message: `${c.label} deleted` });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not delete', message: errorMessage(e) });
    }
    void refresh();
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Payment gateways</Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          New configuration
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        How the platform reaches each payment gateway. A payment uses its organization’s own enabled configuration first, then a
        platform-wide one, lowest priority first, the first whose routing rules match. Credentials are stored encrypted and never
        shown again.
      </Text>
      {query.isLoading && <Loading />}
      {query.error && <ErrorAlert error={query.error} />}
      {query.data && (
        <Table.ScrollContainer minWidth={1100} type="native">
          <Table highlightOnHover aria-label="Gateway configurations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Organization</Table.Th>
                <Table.Th>Gateway</Table.Th>
                <Table.Th>Label</Table.Th>
                <Table.Th>Mode</Table.Th>
                <Table.Th>Enabled</Table.Th>
                <Table.Th>Currencies</Table.Th>
                <Table.Th ta="right">Priority</Table.Th>
                <Table.Th>Fallback</Table.Th>
                <Table.Th>Credentials</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {configs.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.organizationName ?? 'Platform-wide'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{GATEWAY_NAMES[c.gateway]}</Table.Td>
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td>
                    <Badge color={c.mode === 'live' ? 'red' : 'gray'} variant="light" miw="max-content">
                      {c.mode === 'live' ? 'Live' : 'Test'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{c.enabled ? 'Yes' : 'No'}</Table.Td>
                  <Table.Td>{c.currencies.join(', ') || 'Any'}</Table.Td>
                  <Table.Td ta="right">{c.priority}</Table.Td>
                  <Table.Td>{c.fallbackConfigId ? (byId.get(c.fallbackConfigId)?.label ?? '—') : '—'}</Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {maskedCredentials(c)}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setEditing(c)} aria-label={`Edit ${c.label}`}>
                        Edit
                      </Button>
                      <DeleteButton name={c.label} onDelete={() => void remove(c)} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {configs.length === 0 && (
            <Text c="dimmed" ta="center" py="md">
              No gateway configured yet.
            </Text>
          )}
        </Table.ScrollContainer>
      )}
      <PaymentSettingsCard />
      {editing && (
        <GatewayConfigModal
          config={editing === 'new' ? null : editing}
          others={configs}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            notifications.show({ color: 'teal', message: `${saved.label} saved` });
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </Stack>
  );
}

import { Link } from 'react-router';
import { Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ResponseBody } from '../../api/contract';
import { useSession } from '../../auth/session';
import { useOrgLink, useSelectedOrganization } from '../../components/organization-scope';
import { formatDateTime, formatMoney } from '../../format';

type PaymentPage = ResponseBody<'/api/v1/payments'>;

/**
 * Sessions whose money could not be collected after the last retry (payment `failed`): the
 * finance team's "needs attention". Shown only when there are some, to payments:read holders.
 */
export function FailedPayments() {
  const { can } = useSession();
  const [organizationId] = useSelectedOrganization();
  const orgLink = useOrgLink();
  const failed = useQuery({
    queryKey: ['dashboard', 'failed-payments', organizationId],
    queryFn: () =>
      api.get<PaymentPage>('/payments', { status: 'failed', pageSize: 5, ...(organizationId ? { organizationId } : {}) }),
    enabled: can('payments:read'),
    refetchInterval: 60_000,
  });
  const page = failed.data;
  if (!can('payments:read') || !page || page.total === 0) return null;
  return (
    <Paper component="section" withBorder p="md" radius="md" aria-labelledby="failed-payments-title">
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={2} size="h4" id="failed-payments-title">
              Payments that failed
            </Title>
            <Badge color="red">{page.total}</Badge>
          </Group>
          <Anchor component={Link} to={orgLink('/payments')} size="sm">
            All payments
          </Anchor>
        </Group>
        <Text size="sm" c="dimmed">
          Collected neither at the first try nor at any retry: the driver still owes these sessions.
        </Text>
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Payments that failed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Organization</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Session</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{formatDateTime(p.completedAt ?? p.createdAt, p.timeZone)}</Table.Td>
                  <Table.Td>{p.organizationName}</Table.Td>
                  <Table.Td ta="right">{formatMoney(p.amountMinor, p.currency)}</Table.Td>
                  <Table.Td>{p.reason ?? 'No reason given'}</Table.Td>
                  <Table.Td>
                    {p.sessionId ? (
                      <Anchor component={Link} to={`/transactions/${p.sessionId}`}>
                        Open
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}

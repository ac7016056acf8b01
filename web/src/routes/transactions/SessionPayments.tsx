import { Link } from 'react-router';
import { Anchor, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { GATEWAY_WORDS, TYPE_WORDS, listPayments, paymentKeys } from '../../api/payments';
import { useOrgLink } from '../../components/organization-scope';
import { ErrorAlert, Loading } from '../../components/states';
import { formatDateTime } from '../../format';
import { PaymentAmount } from '../payments/PaymentsPage';
import { PaymentStatusBadge } from '../payments/PaymentStatusBadge';
import { pathTo } from '../route-table';

/** The session's payments (payments:read): holds, captures, sales, refunds, newest first, each linked to its page. */
export function SessionPayments({ sessionId, timeZone }: { sessionId: string; timeZone: string }) {
  const orgLink = useOrgLink();
  const params = { sessionId, pageSize: 50 };
  const query = useQuery({ queryKey: paymentKeys.list(params), queryFn: () => listPayments(params) });
  const items = query.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-label="Payments">
      <Title order={2} size="h4" mb="xs">
        Payments
      </Title>
      {query.isError ? (
        <ErrorAlert error={query.error} title="The payments are not available" />
      ) : query.isLoading ? (
        <Loading label="Loading the payments" />
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm">
          No payment was made for this session (postpaid, or not collected yet).
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table aria-label="Payments of the session" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Payment</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to={orgLink(pathTo('payment', { id: p.id }))}>
                      {TYPE_WORDS[p.type]}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {GATEWAY_WORDS[p.gateway]}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <PaymentStatusBadge payment={p} />
                  </Table.Td>
                  <Table.Td>
                    <PaymentAmount payment={p} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(p.createdAt, timeZone)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Code, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { GATEWAY_WORDS, type Payment, TYPE_WORDS, getPayment, paymentKeys } from '../../api/payments';
import { useSession } from '../../auth/session';
import { useOrgLink } from '../../components/organization-scope';
import { ErrorAlert, Loading, NotFoundState, isNotFound } from '../../components/states';
import { formatDateTime, formatMoney } from '../../format';
import { pathTo } from '../route-table';
import { PaymentAmount } from './PaymentsPage';
import { PaymentStatusBadge, cardWords } from './PaymentStatusBadge';
import { RefundButton } from './RefundButton';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** One payment: the row, the session it paid for, what was refunded and is left, its parent and children, the exchange. */
export function PaymentDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const orgLink = useOrgLink();
  const query = useQuery({ queryKey: paymentKeys.detail(id), queryFn: () => getPayment(id) });
  if (query.isLoading) return <Loading />;
  if (query.isError && isNotFound(query.error))
    return <NotFoundState title="Payment not found" backTo={orgLink(pathTo('payments'))} backLabel="Back to payments" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const detail = query.data!;
  const p = detail.payment;
  const related = [...(detail.parent ? [{ role: 'Parent', payment: detail.parent }] : [])].concat(
    detail.children.map((c) => ({ role: 'Child', payment: c })),
  );
  const canRefund = can('payments:write') && detail.refundable && detail.refundableMinor > 0;
  return (
    <Stack>
      <Anchor component={Link} to={orgLink(pathTo('payments'))} size="sm">
        ← Payments
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Title order={1}>
          {TYPE_WORDS[p.type]} on {GATEWAY_WORDS[p.gateway]}
        </Title>
        {canRefund && <RefundButton detail={detail} />}
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Fact label="Status">
            <PaymentStatusBadge payment={p} />
          </Fact>
          <Fact label="Amount">
            <PaymentAmount payment={p} />
          </Fact>
          <Fact label="Made">{formatDateTime(p.createdAt, p.timeZone)}</Fact>
          <Fact label="Answered">{formatDateTime(p.completedAt, p.timeZone)}</Fact>
          <Fact label="Organization">{p.organizationName}</Fact>
          <Fact label="Card">{cardWords(p)}</Fact>
          <Fact label="Gateway reference">
            <Text span size="sm" ff="monospace">
              {p.gatewayReference ?? '—'}
            </Text>
          </Fact>
          <Fact label="Attempts">{p.attempts}</Fact>
          {p.reason && <Fact label="Reason">{p.reason}</Fact>}
        </SimpleGrid>
      </Paper>
      {(p.type === 'capture' || p.type === 'sale') && (
        <Paper withBorder p="md" component="section" aria-label="Refunds">
          <Title order={2} size="h4" mb="xs">
            Refunds
          </Title>
          <Group gap="xl">
            <Fact label="Refunded">{formatMoney(detail.refundedMinor, p.currency)}</Fact>
            <Fact label="Left to refund">{formatMoney(detail.refundableMinor, p.currency)}</Fact>
          </Group>
          {!detail.refundable && (
            <Text size="sm" c="dimmed" mt="xs">
              Not refundable here: only an approved capture or sale of a settled session, through a gateway configuration that
              still exists (wallet payments are refunded to the wallet).
            </Text>
          )}
        </Paper>
      )}
      {detail.session && (
        <Paper withBorder p="md" component="section" aria-label="Charging session">
          <Title order={2} size="h4" mb="xs">
            Charging session
          </Title>
          <Group gap="xl">
            <Fact label="Charger">
              <Anchor component={Link} to={orgLink(pathTo('transaction', { id: detail.session.id }))}>
                {detail.session.chargerName}
              </Anchor>
            </Fact>
            <Fact label="Started">{formatDateTime(detail.session.startedAt, p.timeZone)}</Fact>
            <Fact label="Stopped">{formatDateTime(detail.session.stoppedAt, p.timeZone)}</Fact>
            <Fact label="Gross">
              {detail.session.grossMinor === null || !detail.session.currency
                ? 'Not settled yet'
                : formatMoney(detail.session.grossMinor, detail.session.currency)}
            </Fact>
          </Group>
        </Paper>
      )}
      <Paper withBorder p="md" component="section" aria-label="Related payments">
        <Title order={2} size="h4" mb="xs">
          Related payments
        </Title>
        {related.length === 0 ? (
          <Text c="dimmed" size="sm">
            No authorization before it and no capture, void or refund after it.
          </Text>
        ) : (
          <RelatedPayments rows={related} />
        )}
      </Paper>
      {p.exchange != null && (
        <Paper withBorder p="md" component="section" aria-label="Gateway exchange">
          <Title order={2} size="h4" mb="xs">
            Gateway exchange
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            As stored, redacted: no card number, CVV, PIN or credential is ever kept.
          </Text>
          <Code block style={{ maxHeight: 320, overflow: 'auto' }}>
            {JSON.stringify(p.exchange, null, 2)}
          </Code>
        </Paper>
      )}
    </Stack>
  );
}

/** The parent (the authorization, or the payment a refund gives back) and the children, oldest first. */
function RelatedPayments({ rows }: { rows: { role: string; payment: Payment }[] }) {
  const orgLink = useOrgLink();
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table aria-label="Related payments" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Payment</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Amount</Table.Th>
            <Table.Th>Made</Table.Th>
            <Table.Th>Reference</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ role, payment: r }) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Anchor component={Link} to={orgLink(pathTo('payment', { id: r.id }))}>
                  {TYPE_WORDS[r.type]}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {role === 'Parent' ? 'acted on' : 'acting on this one'}
                </Text>
              </Table.Td>
              <Table.Td>
                <PaymentStatusBadge payment={r} />
              </Table.Td>
              <Table.Td>
                <PaymentAmount payment={r} />
              </Table.Td>
              <Table.Td>{formatDateTime(r.createdAt, r.timeZone)}</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {r.gatewayReference ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type InvoiceDetail, getInvoice, invoiceKeys } from '../../api/invoices';
import { useOrgLink } from '../../components/organization-scope';
import { ErrorAlert, Loading, NotFoundState, isNotFound } from '../../components/states';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { InvoiceActions } from './InvoiceActions';
import { BillToCard, InvoiceLinesCard, StatementCard } from './InvoiceFigures';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { formatPeriod } from './period';

function titleOf(invoice: InvoiceDetail): string {
  const what = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  return invoice.number ? `${what} ${invoice.number}` : `Draft ${what.toLowerCase()}`;
}

function DatesCard({ invoice }: { invoice: InvoiceDetail }) {
  const orgLink = useOrgLink();
  const rows: [string, ReactNode][] = [
    ['Billing period', formatPeriod(invoice.periodStartDate, invoice.periodEndDate)],
    ['Issue date', formatDate(invoice.issueDate)],
    ['Due date', formatDate(invoice.dueDate)],
    ['Generated', formatDateTime(invoice.generatedAt)],
    ['Sent', formatDateTime(invoice.sentAt)],
    ['Paid', formatDateTime(invoice.paidAt)],
  ];
  if (invoice.creditedInvoiceId)
    rows.unshift([
      'Credits invoice',
      <Anchor key="credited" component={Link} to={orgLink(`/invoices/${invoice.creditedInvoiceId}`)}>
        {invoice.creditedInvoiceNumber ?? 'the invoice'}
      </Anchor>,
    ]);
  if (invoice.reason) rows.push(['Reason', invoice.reason]);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Dates
      </Title>
      <Table aria-label="Dates">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Td c="dimmed">{label}</Table.Td>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function PaymentsCard({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Payments
      </Title>
      {invoice.payments.length === 0 ? (
        <Text size="sm" c="dimmed">
          No payments recorded.
        </Text>
      ) : (
        <Table aria-label="Payments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Received on</Table.Th>
              <Table.Th>Reference</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoice.payments.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{formatDate(p.paidOn)}</Table.Td>
                <Table.Td>{p.reference ?? '—'}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatMoney(p.amountMinor, invoice.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function CreditNotesCard({ invoice }: { invoice: InvoiceDetail }) {
  const orgLink = useOrgLink();
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Credit notes
      </Title>
      {invoice.creditNotes.length === 0 ? (
        <Text size="sm" c="dimmed">
          No credit notes against this invoice.
        </Text>
      ) : (
        <Table aria-label="Credit notes">
          <Table.Tbody>
            {invoice.creditNotes.map((cn) => (
              <Table.Tr key={cn.id}>
                <Table.Td>
                  <Anchor component={Link} to={orgLink(`/invoices/${cn.id}`)}>
                    {cn.number ?? 'Draft'}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDate(cn.issueDate)}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatMoney(cn.totalMinor, cn.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

export function InvoiceDetailPage() {
  const { id = '' } = useParams();
  const orgLink = useOrgLink();
  const query = useQuery({ queryKey: invoiceKeys.detail(id), queryFn: () => getInvoice(id) });

  if (query.isLoading) return <Loading />;
  if (isNotFound(query.error))
    return <NotFoundState title="Invoice not found" backTo={orgLink('/invoices')} backLabel="Back to invoices" />;
  if (query.isError || !query.data) return <ErrorAlert error={query.error} />;
  const invoice = query.data;
  const isInvoice = invoice.kind === 'invoice';

  return (
    <Stack>
      <div>
        <Anchor component={Link} to={orgLink('/invoices')} size="sm">
          ← Back to invoices
        </Anchor>
        <Group gap="sm" mt={4}>
          <Title order={1}>{titleOf(invoice)}</Title>
          <InvoiceStatusBadge status={invoice.displayStatus} size="lg" />
        </Group>
        <Text size="sm" c="dimmed">
          {invoice.organizationName} · {formatPeriod(invoice.periodStartDate, invoice.periodEndDate)} ·{' '}
          {formatMoney(invoice.totalMinor, invoice.currency)}
        </Text>
      </div>
      <InvoiceActions invoice={invoice} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack>
          <InvoiceLinesCard invoice={invoice} />
          {isInvoice && <PaymentsCard invoice={invoice} />}
          {isInvoice && <CreditNotesCard invoice={invoice} />}
        </Stack>
        <Stack>
          {isInvoice && <StatementCard invoice={invoice} />}
          <BillToCard invoice={invoice} />
          <DatesCard invoice={invoice} />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

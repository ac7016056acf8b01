import { Fragment } from 'react';
import { Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { InvoiceDetail } from '../../api/invoices';
import { formatMoney, formatPercent } from '../../format';
import { formatPeriod } from './period';

function MoneyCell({ minor, currency, bold }: { minor: number; currency: string; bold?: boolean }) {
  return (
    <Table.Td ta="right" ff="monospace" fw={bold ? 700 : undefined} style={{ whiteSpace: 'nowrap' }}>
      {formatMoney(minor, currency)}
    </Table.Td>
  );
}

/** Lines, taxes in the order they apply, and totals, as on the PDF. */
export function InvoiceLinesCard({ invoice }: { invoice: InvoiceDetail }) {
  const { currency } = invoice;
  const isInvoice = invoice.kind === 'invoice';
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {isInvoice ? 'Lines and totals' : 'Credit'}
      </Title>
      <Table.ScrollContainer minWidth={480} type="native">
        <Table aria-label="Invoice lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Description</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoice.lines.map((line, index) => {
              const prior = line.priorPeriod;
              const startsGroup = prior && invoice.lines[index - 1]?.priorPeriod?.periodStartDate !== prior.periodStartDate;
              return (
                <Fragment key={line.kind + line.description}>
                  {startsGroup && (
                    <Table.Tr>
                      <Table.Td colSpan={2} fw={600}>
                        Prior period {formatPeriod(prior.periodStartDate, prior.periodEndDate)} — late sessions that reached us
                        after that period&apos;s invoice
                      </Table.Td>
                    </Table.Tr>
                  )}
                  <Table.Tr>
                    <Table.Td pl={prior ? 'lg' : undefined}>{line.description}</Table.Td>
                    <MoneyCell minor={line.amountMinor} currency={currency} />
                  </Table.Tr>
                </Fragment>
              );
            })}
            <Table.Tr>
              <Table.Td fw={600}>Subtotal</Table.Td>
              <MoneyCell minor={invoice.subtotalMinor} currency={currency} />
            </Table.Tr>
            {invoice.taxLines.map((tax) => (
              <Table.Tr key={tax.name}>
                <Table.Td c="dimmed">
                  {tax.name} {formatPercent(tax.rate)}
                  {tax.compound ? ' (compound)' : ''} on {formatMoney(tax.baseMinor, currency)}
                </Table.Td>
                <MoneyCell minor={tax.amountMinor} currency={currency} />
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td fw={700}>{isInvoice ? 'Total' : 'Total credited'}</Table.Td>
              <MoneyCell minor={invoice.totalMinor} currency={currency} bold />
            </Table.Tr>
            {isInvoice && invoice.status !== 'draft' && (
              <>
                <Table.Tr>
                  <Table.Td c="dimmed">Paid</Table.Td>
                  <MoneyCell minor={invoice.paidMinor} currency={currency} />
                </Table.Tr>
                {invoice.creditedMinor > 0 && (
                  <Table.Tr>
                    <Table.Td c="dimmed">Credit notes</Table.Td>
                    <MoneyCell minor={invoice.creditedMinor} currency={currency} />
                  </Table.Tr>
                )}
                <Table.Tr>
                  <Table.Td fw={700}>
                    {invoice.amountDueMinor < 0
                      ? 'Amount due (negative: owed to the organization, returned with its payout)'
                      : 'Amount due'}
                  </Table.Td>
                  <MoneyCell minor={invoice.amountDueMinor} currency={currency} bold />
                </Table.Tr>
              </>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

const kwhText = (wh: number) => `${Math.trunc(wh / 1000).toLocaleString()}.${String(wh % 1000).padStart(3, '0')} kWh`;

/** The statement (docs/finance.md §8): what the organization collected and what it is paid out. */
export function StatementCard({ invoice }: { invoice: InvoiceDetail }) {
  const { statement: s, currency } = invoice;
  const kwh = kwhText(s.energyWh);
  const late: [string, string][] = s.priorPeriods.map((p) => [
    `of which late, from ${formatPeriod(p.periodStartDate, p.periodEndDate)}: ${p.sessions} sessions, ${kwhText(p.energyWh)}, net revenue`,
    formatMoney(p.netRevenueMinor, currency),
  ]);
  const rows: [string, string, boolean?][] = [
    ['Charging sessions', String(s.sessions)],
    ...late,
    ['Energy delivered', kwh],
    ['Gross collected from drivers', formatMoney(s.grossCollectedMinor, currency)],
    ['Taxes collected', formatMoney(s.taxesCollectedMinor, currency)],
    ['Net revenue', formatMoney(s.netRevenueMinor, currency)],
    ['Less this invoice', formatMoney(-invoice.totalMinor, currency)],
    ['Less location-owner commissions', formatMoney(-s.locationOwnerCommissionsMinor, currency)],
    ['Payout', formatMoney(s.payoutMinor, currency), true],
  ];
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Statement and payout
      </Title>
      <Table aria-label="Statement">
        <Table.Tbody>
          {rows.map(([label, value, bold]) => (
            <Table.Tr key={label}>
              <Table.Td fw={bold ? 700 : undefined}>{label}</Table.Td>
              <Table.Td ta="right" ff="monospace" fw={bold ? 700 : undefined} style={{ whiteSpace: 'nowrap' }}>
                {value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

export function BillToCard({ invoice }: { invoice: InvoiceDetail }) {
  const b = invoice.billTo;
  const place = [b.city, b.country].filter(Boolean).join(', ');
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Bill to
      </Title>
      <SimpleGrid cols={1} spacing={2}>
        <Text fw={600}>{b.name}</Text>
        {b.addressLine && <Text size="sm">{b.addressLine}</Text>}
        {place && <Text size="sm">{place}</Text>}
        {b.taxId && <Text size="sm">Tax ID {b.taxId}</Text>}
        {b.contactEmail && <Text size="sm">{b.contactEmail}</Text>}
      </SimpleGrid>
    </Paper>
  );
}

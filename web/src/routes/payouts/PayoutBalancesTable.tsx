import { Table, Text, UnstyledButton } from '@mantine/core';
import type { PayoutBalance } from '../../api/payouts';
import { formatMoney } from '../../format';

const COLUMNS: [keyof PayoutBalance, string][] = [
  ['accruedMinor', 'Partner share accrued'],
  ['invoicedMinor', 'Invoice taxes deducted'],
  ['creditedMinor', 'Credit notes'],
  ['refundedMinor', 'Refunds to drivers'],
  ['paidOutMinor', 'Paid out'],
  ['balanceMinor', 'Balance'],
];

/** One row per organization: what it has earned, what invoices took, what was paid, and what is owed now. */
export function PayoutBalancesTable({
  balances,
  selectedId,
  onSelect,
}: {
  balances: PayoutBalance[];
  selectedId: string | null;
  onSelect: (organizationId: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table highlightOnHover aria-label="Payout balances">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Organization</Table.Th>
            {COLUMNS.map(([key, label]) => (
              <Table.Th key={key} ta="right">
                {label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {balances.map((b) => {
            const selected = b.organizationId === selectedId;
            return (
              <Table.Tr
                key={b.organizationId}
                bg={selected ? 'var(--mantine-color-teal-light)' : undefined}
                aria-selected={selected}
              >
                <Table.Td>
                  <UnstyledButton
                    onClick={() => onSelect(b.organizationId)}
                    fw={selected ? 700 : 500}
                    c="var(--mantine-color-teal-light-color)"
                  >
                    {b.organizationName}
                  </UnstyledButton>
                </Table.Td>
                {COLUMNS.map(([key]) => (
                  <Table.Td
                    key={key}
                    ta="right"
                    ff="monospace"
                    fw={key === 'balanceMinor' ? 700 : undefined}
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {formatMoney(b[key] as number, b.currency)}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {balances.length === 0 && (
        <Text c="dimmed" ta="center" py="md">
          No organizations with payouts in view.
        </Text>
      )}
    </Table.ScrollContainer>
  );
}

import { RepriceButton } from '../pricing/RepriceButton';
import { Alert, Badge, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getSettlement, transactionKeys } from '../../api/transactions';
import { ErrorAlert, Loading, isNotFound } from '../../components/states';
import { formatMoney, formatPercent } from '../../format';
import { flagWords, priceLineWords } from './figures';

/** `minor` is null for a figure the server does not show this user (the operator's own, to a location owner): no row. */
function Row({ label, minor, currency, strong }: { label: string; minor: number | null; currency: string; strong?: boolean }) {
  if (minor === null) return null;
  return (
    <Table.Tr>
      <Table.Td fw={strong ? 700 : undefined}>{label}</Table.Td>
      <Table.Td ta="right" fw={strong ? 700 : undefined}>
        {formatMoney(minor, currency)}
      </Table.Td>
    </Table.Tr>
  );
}

/** One session as settled (docs/finance.md §6): price lines, discount, net, taxes in order, gross, then the split. */
export function CostBreakdown({ sessionId }: { sessionId: string }) {
  const query = useQuery({
    queryKey: transactionKeys.settlement(sessionId),
    queryFn: () => getSettlement(sessionId),
    retry: (count, error) => !isNotFound(error) && count < 2,
  });
  if (query.isLoading) return <Loading label="Loading the cost breakdown" />;
  if (query.isError) {
    if (isNotFound(query.error))
      return <Alert color="gray">Not settled yet: the cost is worked out when the session stops.</Alert>;
    return <ErrorAlert error={query.error} title="The cost breakdown is not available" />;
  }
  const s = query.data!;
  const c = s.currency;
  return (
    <Paper withBorder p="md" component="section" aria-label="Cost breakdown">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Cost breakdown
        </Title>
        <Group gap={4}>
          {s.revision > 1 && (
            <Badge color="blue" variant="light">
              Re-priced (revision {s.revision})
            </Badge>
          )}
          {s.flags.map((flag) => (
            <Badge key={flag} color="orange" variant="light" title={flag}>
              {flagWords(flag)}
            </Badge>
          ))}
          <RepriceButton sessionId={sessionId} onRepriced={() => void query.refetch()} />
        </Group>
      </Group>
      <Table verticalSpacing={4}>
        <Table.Tbody>
          {s.lines.map((line, i) => (
            <Table.Tr key={i}>
              <Table.Td>{priceLineWords(line, c)}</Table.Td>
              <Table.Td ta="right">{formatMoney(line.amountMinor, c)}</Table.Td>
            </Table.Tr>
          ))}
          {s.discountMinor !== 0 && <Row label="Discount" minor={-s.discountMinor} currency={c} />}
          <Row label="Net" minor={s.netMinor} currency={c} strong />
          {s.taxLines.map((tax) => (
            <Row
              key={tax.name}
              label={`${tax.name} ${formatPercent(tax.rate)}${tax.compound ? ' (compound)' : ''} on ${formatMoney(tax.baseMinor, c)}`}
              minor={tax.amountMinor}
              currency={c}
            />
          ))}
          <Row label="Gross" minor={s.grossMinor} currency={c} strong />
          <Row
            label={`Gateway fee (${s.gateway ?? 'none'}, borne by ${s.gatewayFeeBearer})`}
            minor={s.gatewayFeeMinor}
            currency={c}
          />
          <Row label="Platform commission" minor={s.platformCommissionMinor} currency={c} />
          {s.locationOwnerShare !== null && (
            <Row
              label={`Location owner commission (${formatPercent(s.locationOwnerShare)})`}
              minor={s.locationOwnerCommissionMinor}
              currency={c}
            />
          )}
          <Row label="Partner share" minor={s.partnerShareMinor} currency={c} />
          <Row label="Energy cost" minor={s.energyCostMinor} currency={c} />
          <Row label="Margin" minor={s.marginMinor} currency={c} strong />
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="xs">
        Tariff version {s.tariffVersion ?? '—'} · paid by {s.paymentMethod}
      </Text>
    </Paper>
  );
}

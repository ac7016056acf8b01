import { Paper, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import type { Reconciliation, ReconciliationOutcome, ReconciliationTotals } from '../../../api/reconciliation';
import { formatMoney } from '../../../format';
import { OUTCOMES } from './labels';

/**
 * One tile per outcome: how many lines, and what they add up to on the report's side and ours, one
 * line per currency (never added across currencies). A tile filters the table below.
 */
export function OutcomeTiles({
  reconciliation,
  totals,
  selected,
  onSelect,
}: {
  reconciliation: Reconciliation;
  totals: ReconciliationTotals;
  selected: ReconciliationOutcome | null;
  onSelect: (outcome: ReconciliationOutcome | null) => void;
}) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
      {OUTCOMES.map((o) => {
        const sums = totals.filter((t) => t.outcome === o.value);
        const active = selected === o.value;
        return (
          <UnstyledButton
            key={o.value}
            onClick={() => onSelect(active ? null : o.value)}
            aria-pressed={active}
            aria-label={`${o.label}: ${reconciliation.counts[o.value]}`}
          >
            <Paper withBorder p="sm" h="100%" style={{ borderColor: active ? `var(--mantine-color-${o.color}-6)` : undefined }}>
              <Text size="xs" c="dimmed">
                {o.label}
              </Text>
              <Text
                fw={700}
                size="lg"
                c={o.value !== 'matched' && reconciliation.counts[o.value] > 0 ? `${o.color}.8` : undefined}
              >
                {reconciliation.counts[o.value]}
              </Text>
              <Stack gap={0}>
                {sums.map((t) => (
                  <Text key={t.currency} size="xs" c="dimmed">
                    {o.value !== 'missing_theirs' && <>Report {formatMoney(t.theirAmountMinor, t.currency)}</>}
                    {o.value === 'amount_mismatch' && ' · '}
                    {o.value !== 'missing_ours' && o.value !== 'matched' && <>Ours {formatMoney(t.ourAmountMinor, t.currency)}</>}
                  </Text>
                ))}
                {sums.length === 0 && (
                  <Text size="xs" c="dimmed">
                    {o.hint}
                  </Text>
                )}
              </Stack>
            </Paper>
          </UnstyledButton>
        );
      })}
    </SimpleGrid>
  );
}

import { useMemo } from 'react';
import { Card, List, Stack, Text, Title } from '@mantine/core';
import type { TariffElement } from '../../api/tariffs';
import { hasNonClockRestrictions, tariffSummary } from './tariff-summary';
import { WeekGridTable } from './WeekGridTable';

/** The tariff as edited, in sentences and as a week of hours: what a driver pays, and when. */
export function TariffSummaryCard({ elements, currency }: { elements: TariffElement[]; currency: string }) {
  const sentences = useMemo(() => tariffSummary(elements, currency), [elements, currency]);
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Summary
        </Title>
        <List size="sm" spacing={2} aria-label="The tariff in words">
          {sentences.map((sentence) => (
            <List.Item key={sentence}>{sentence}</List.Item>
          ))}
        </List>
        <Text size="xs" c="dimmed">
          Prices exclude tax. Each kind of price comes from the first element that has it and whose restrictions match.
        </Text>
        <WeekGridTable elements={elements} currency={currency} />
        {hasNonClockRestrictions(elements) && (
          <Text size="xs" c="dimmed">
            The grid reads only the time-of-day and weekday restrictions: kWh, duration and power restrictions are taken as met,
            so an element that applies only, say, after 20 kWh shows as if it always applied at those hours.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { type PreviewResult, type TariffElement, previewTariff } from '../../api/tariffs';
import { errorMessage } from '../../components/states';
import { formatDateTime, formatMoney } from '../../format';
import { parseSampleReadings } from './sample-readings';
import { SiteClockNote } from './SiteClockNote';
import { DIMENSION_LABELS } from './tariff-form-values';

interface Sample {
  start: string;
  end: string;
  kwh: string;
  /** Optional power curve, one "18:30 14" per line. */
  readings: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const KWH = /^\d{1,5}(\.\d{1,3})?$/;

/**
 * What a sample session would cost with the tariff as currently edited: energy rises evenly from
 * start to end, or follows the meter readings typed (a power curve). The times typed are wall-clock times at the site the tariff applies to (its charger's
 * site, or the organization's zone for an organization-wide tariff): the server reads them on that
 * clock and says which one it used and what it assumed.
 */
export function TariffPreview({
  organizationId,
  currency,
  elements,
  siteId,
  chargerId,
}: {
  organizationId: string | null;
  currency: string;
  elements: () => TariffElement[];
  siteId?: string | null;
  chargerId?: string | null;
}) {
  const [sample, setSample] = useState<Sample>({
    start: `${today()}T17:50`,
    end: `${today()}T19:10`,
    kwh: '27.5',
    readings: '',
  });
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setError(null);
    if (!organizationId) return setError('Choose the organization first');
    const curve = parseSampleReadings(sample.readings, sample.start);
    if ('error' in curve) return setError(curve.error);
    const withCurve = curve.readings.length > 0;
    if (!withCurve && !KWH.test(sample.kwh.trim())) return setError('Energy: kWh with at most 3 decimals');
    setBusy(true);
    try {
      setResult(
        await previewTariff({
          tariff: { organizationId, currency, elements: elements() },
          ...(chargerId ? { chargerId } : siteId ? { siteId } : {}),
          startedAtLocal: sample.start,
          stoppedAtLocal: sample.end,
          ...(withCurve ? { meterReadings: curve.readings } : { energyWh: Math.round(Number(sample.kwh.trim()) * 1000) }),
        }),
      );
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const money = (minor: number) => formatMoney(minor, result?.currency ?? currency);
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          What would a session cost?
        </Title>
        <SiteClockNote withoutSite={!chargerId && !siteId} />
        <Group align="flex-end">
          <TextInput
            type="datetime-local"
            label="Start"
            value={sample.start}
            onChange={(e) => setSample({ ...sample, start: e.currentTarget.value })}
          />
          <TextInput
            type="datetime-local"
            label="End"
            value={sample.end}
            onChange={(e) => setSample({ ...sample, end: e.currentTarget.value })}
          />
          <TextInput
            label="Energy (kWh)"
            w={120}
            inputMode="decimal"
            value={sample.kwh}
            onChange={(e) => setSample({ ...sample, kwh: e.currentTarget.value })}
          />
          <Button onClick={() => void run()} loading={busy}>
            Price this session
          </Button>
        </Group>
        <Textarea
          label="Meter readings (optional)"
          description="A power curve instead of an even spread: one reading per line, the time at the site and the kWh delivered so far, e.g. 18:30 14. Readings replace the energy above."
          placeholder={'18:30 14\n19:10 27.5'}
          autosize
          minRows={2}
          maxRows={8}
          value={sample.readings}
          onChange={(e) => setSample({ ...sample, readings: e.currentTarget.value })}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {result && (
          <Table aria-label="Price of the sample session">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Quantity</Table.Th>
                <Table.Th>Unit price</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.lines.map((line) => (
                <Table.Tr key={`${line.type}-${line.elementIndex}`}>
                  <Table.Td>
                    {DIMENSION_LABELS[line.type as keyof typeof DIMENSION_LABELS] ?? line.type} · element {line.elementIndex + 1}
                  </Table.Td>
                  <Table.Td>{line.quantity}</Table.Td>
                  <Table.Td>{line.unitPrice}</Table.Td>
                  <Table.Td ta="right">{money(line.amountMinor)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr fw={600}>
                <Table.Td colSpan={3}>Net</Table.Td>
                <Table.Td ta="right">{money(result.netMinor)}</Table.Td>
              </Table.Tr>
              {result.taxes.map((tax) => (
                <Table.Tr key={tax.name}>
                  <Table.Td colSpan={3}>
                    {tax.name} {tax.compound ? '(compound)' : ''} on {money(tax.baseMinor)}
                  </Table.Td>
                  <Table.Td ta="right">{money(tax.amountMinor)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr fw={700}>
                <Table.Td colSpan={3}>Gross (the driver pays)</Table.Td>
                <Table.Td ta="right">{money(result.grossMinor)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        )}
        {result && (
          <Stack gap={2} aria-label="What this preview assumes">
            <Text size="xs" fw={600}>
              This preview assumes:
            </Text>
            {result.assumptions.map((line) => (
              <Text size="xs" c="dimmed" key={line}>
                {line}
              </Text>
            ))}
            <Text size="xs" c="dimmed">
              Sample: {formatDateTime(result.startedAt, result.timeZone)} to {formatDateTime(result.stoppedAt, result.timeZone)}.
            </Text>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

import { useMemo } from 'react';
import { Box, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import type { TariffElement } from '../../api/tariffs';
import {
  GRID_TEXT,
  type GridCell,
  type LegendEntry,
  compactPrice,
  dayName,
  gridLegend,
  partKey,
  priceText,
  shadeOf,
  weekGrid,
} from './tariff-summary';

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
const clock = (minute: number) => `${HOURS[Math.floor(minute / 60)]}:${String(minute % 60).padStart(2, '0')}`;

/** A cell split where a window opens or closes inside the hour: each price gets its share of the width. */
function background(cell: GridCell, legend: LegendEntry[]): string {
  if (cell.parts.length === 1) return shadeOf(legend, partKey(cell.parts[0]!));
  const start = cell.hour * 60;
  const stops = cell.parts.map((part, i) => {
    const from = ((part.fromMinute - start) / 60) * 100;
    const to = (((cell.parts[i + 1]?.fromMinute ?? start + 60) - start) / 60) * 100;
    return `${shadeOf(legend, partKey(part))} ${from}% ${to}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

function legendWords(entry: LegendEntry, currency: string): string {
  const energy = entry.energy === null ? 'No energy price' : `${priceText(entry.energy, currency)}/kWh`;
  return entry.time === null ? energy : `${energy} + charging time ${priceText(entry.time, currency)}/h`;
}

/** 7 weekdays × 24 hours of energy price, shaded by price, with a legend naming each price and its currency. */
export function WeekGridTable({ elements, currency }: { elements: TariffElement[]; currency: string }) {
  const grid = useMemo(() => weekGrid(elements), [elements]);
  const legend = useMemo(() => gridLegend(grid), [grid]);
  const anyTime = legend.some((entry) => entry.time !== null);
  return (
    <Box>
      <Table.ScrollContainer minWidth={960} type="native">
        <Table withTableBorder withColumnBorders horizontalSpacing={2} verticalSpacing={2} fz="xs" captionSide="top">
          <Table.Caption>
            Energy price ({currency || 'currency'} per kWh) for each weekday and hour, on the site’s local time
            {anyTime ? '; “+ time”: a charging-time price applies too' : ''}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <VisuallyHidden>Weekday</VisuallyHidden>
              </Table.Th>
              {HOURS.map((hour) => (
                <Table.Th key={hour} scope="col" ta="center">
                  {hour}
                  <VisuallyHidden>:00</VisuallyHidden>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grid.map((row) => (
              <Table.Tr key={row.day}>
                <Table.Th scope="row">{dayName(row.day)}</Table.Th>
                {row.cells.map((cell) => (
                  <Table.Td key={cell.hour} ta="center" style={{ background: background(cell, legend), color: GRID_TEXT }}>
                    {cell.parts.map((part, i) => (
                      <div key={part.fromMinute}>
                        {i > 0 && (
                          <>
                            <span aria-hidden>:{clock(part.fromMinute).slice(3)} </span>
                            <VisuallyHidden>from {clock(part.fromMinute)} </VisuallyHidden>
                          </>
                        )}
                        {part.energy ? compactPrice(part.energy.price, currency) : '—'}
                        {part.time && <div>+ time</div>}
                      </div>
                    ))}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group gap="md" mt={4} aria-label="Legend of the week grid" role="list">
        {legend.map((entry) => (
          <Group key={entry.key} gap={6} role="listitem">
            <Box aria-hidden w={18} h={14} style={{ background: shadeOf(legend, entry.key), border: '1px solid #495057' }} />
            <Text size="xs">{legendWords(entry, currency)}</Text>
          </Group>
        ))}
      </Group>
    </Box>
  );
}

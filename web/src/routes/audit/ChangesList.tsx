import { Code, Stack, Text } from '@mantine/core';
import type { FieldChange } from '../../api/types';

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** "field: before → after" for every changed field of an audit entry. */
export function ChangesList({ changes }: { changes: Record<string, FieldChange> }) {
  const entries = Object.entries(changes);
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={2}>
      {entries.map(([field, change]) => (
        <Text key={field} size="xs" style={{ wordBreak: 'break-word' }}>
          <b>{field}</b>: <Code>{show(change.before)}</Code> → <Code>{show(change.after)}</Code>
        </Text>
      ))}
    </Stack>
  );
}

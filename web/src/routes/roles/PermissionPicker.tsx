import type { ReactNode } from 'react';
import { Checkbox, Fieldset, SimpleGrid, Text } from '@mantine/core';
import type { PermissionInfo } from '../../api/types';
import type { Permission } from '../../api/server-tables.generated';

/** Permissions grouped by area ("chargers:read" → chargers); only grantable ones can be ticked. */
export function PermissionPicker({
  permissions,
  value,
  onChange,
  readOnly,
  error,
}: {
  permissions: PermissionInfo[];
  value: Permission[];
  onChange: (value: Permission[]) => void;
  readOnly: boolean;
  error?: ReactNode;
}) {
  const areas = new Map<string, PermissionInfo[]>();
  for (const p of permissions) {
    const area = p.key.split(':')[0] ?? p.key;
    areas.set(area, [...(areas.get(area) ?? []), p]);
  }
  const toggle = (key: Permission, checked: boolean) => onChange(checked ? [...value, key] : value.filter((k) => k !== key));
  return (
    <Fieldset legend="Permissions">
      <Text size="xs" c="dimmed" mb="sm">
        A custom role holds at most what you hold yourself; permissions you may not grant are disabled.
      </Text>
      {error && (
        <Text size="sm" c="red" mb="sm">
          {error}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs">
        {[...areas.entries()].map(([area, items]) => (
          <div key={area}>
            <Text size="sm" fw={600} tt="capitalize" mb={4}>
              {area}
            </Text>
            {items.map((p) => (
              <Checkbox
                key={p.key}
                mb={4}
                label={p.key}
                checked={value.includes(p.key)}
                disabled={readOnly || !p.grantable}
                onChange={(e) => toggle(p.key, e.currentTarget.checked)}
              />
            ))}
          </div>
        ))}
      </SimpleGrid>
    </Fieldset>
  );
}

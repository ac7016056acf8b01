import type { ReactNode } from 'react';
import { Checkbox, Fieldset, SimpleGrid, Text } from '@mantine/core';
import type { PermissionInfo } from '../../api/types';
import type { Permission } from '../../api/server-tables.generated';

/** Permissions grouped by area, named and explained; only grantable ones can be ticked, and the rest say why not. */
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
    const area = p.area;
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
            <Text size="sm" fw={600} mb={4}>
              {area}
            </Text>
            {items.map((p) => (
              <Checkbox
                key={p.key}
                mb={8}
                label={p.name}
                description={
                  readOnly || p.grantable
                    ? p.description
                    : `${p.description} ${p.held ? 'Not available in custom roles.' : 'You do not hold it, so you cannot grant it.'}`
                }
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

import { Select } from '@mantine/core';
import { useOrganizations, useSelectedOrganization, useShowOrganizationSwitcher } from './organization-scope';

export const ALL_ORGANIZATIONS = 'all';

/** "All organizations" or one of them; the choice filters the lists (URL `?org=<id>`). */
export function OrganizationSwitcher({ width = 240 }: { width?: number | string }) {
  const show = useShowOrganizationSwitcher();
  const { organizations } = useOrganizations();
  const [selected, select] = useSelectedOrganization();
  if (!show) return null;
  const data = [
    { value: ALL_ORGANIZATIONS, label: 'All organizations' },
    ...organizations.map((o) => ({ value: o.id, label: o.name })),
  ];
  return (
    <Select
      aria-label="Organization switcher"
      size="xs"
      w={width}
      data={data}
      value={selected ?? ALL_ORGANIZATIONS}
      onChange={(value) => select(!value || value === ALL_ORGANIZATIONS ? null : value)}
      allowDeselect={false}
      searchable
    />
  );
}

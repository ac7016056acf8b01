import { Select } from '@mantine/core';
import { ALL_ORGANIZATIONS } from './OrganizationSwitcher';
import { useOrganizations, useSelectedOrganization, useShowOrganizationSwitcher } from './organization-scope';

/** A list page's organization filter; it shares the header switcher's choice (`?org=`). */
export function OrganizationFilter({ onChange }: { onChange?: () => void }) {
  const show = useShowOrganizationSwitcher();
  const { organizations } = useOrganizations();
  const [selected, select] = useSelectedOrganization();
  if (!show) return null;
  return (
    <Select
      label="Organization"
      w={200}
      data={[
        { value: ALL_ORGANIZATIONS, label: 'All organizations' },
        ...organizations.map((o) => ({ value: o.id, label: o.name })),
      ]}
      value={selected ?? ALL_ORGANIZATIONS}
      allowDeselect={false}
      searchable
      onChange={(value) => {
        select(!value || value === ALL_ORGANIZATIONS ? null : value);
        onChange?.();
      }}
    />
  );
}

import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { organizationKeys, updateOrganization } from '../../api/organizations';
import type { Organization, UpdateOrganization } from '../../api/types';
import { applyServerErrors } from '../../components/form-errors';

interface FormLike {
  setFieldError: (path: string, error: string) => void;
}

/** PATCHes one tab's fields, refreshes the cached organization and puts server errors on the fields. */
export function useSaveOrganization(organization: Organization) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(
    patch: UpdateOrganization,
    form: FormLike,
    rename?: (field: string) => string | null,
  ): Promise<Organization | null> {
    setBusy(true);
    setError(null);
    try {
      const updated = await updateOrganization(organization.id, patch);
      queryClient.setQueryData(organizationKeys.detail(organization.id), updated);
      await queryClient.invalidateQueries({ queryKey: ['organizations', 'list'] });
      notifications.show({ color: 'teal', message: 'Saved' });
      return updated;
    } catch (e) {
      setError(applyServerErrors(form, e, rename));
      return null;
    } finally {
      setBusy(false);
    }
  }

  return { save, busy, error };
}

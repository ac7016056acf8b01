import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconFileInvoice } from '@tabler/icons-react';
import { generateInvoice, invoiceKeys } from '../../api/invoices';
import { useOrganizations, useOrgLink, useSelectedOrganization } from '../../components/organization-scope';
import { errorMessage } from '../../components/states';

/** "Generate invoice": the draft for one organization and billing period (the latest closed one by default). */
export function GenerateInvoiceButton() {
  const [opened, setOpened] = useState(false);
  const { organizations } = useOrganizations();
  const [selected] = useSelectedOrganization();
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const [periodStartDate, setPeriodStartDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const orgLink = useOrgLink();

  const open = () => {
    setOrganizationId(selected ?? (organizations.length === 1 ? (organizations[0]?.id ?? null) : null));
    setPeriodStartDate('');
    setError(null);
    setOpened(true);
  };

  const submit = async () => {
    if (!organizationId) {
      setError('Choose an organization');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const invoice = await generateInvoice({ organizationId, periodStartDate: periodStartDate || undefined });
      await queryClient.invalidateQueries({ queryKey: invoiceKeys.all });
      notifications.show({ color: 'teal', message: `Draft invoice for ${invoice.organizationName} is ready` });
      setOpened(false);
      void navigate(orgLink(`/invoices/${invoice.id}`));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button leftSection={<IconFileInvoice size={16} aria-hidden />} onClick={open}>
        Generate invoice
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Generate invoice" centered>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Select
            label="Organization"
            data={organizations.map((o) => ({ value: o.id, label: o.name }))}
            value={organizationId}
            onChange={setOrganizationId}
            searchable
            required
            data-autofocus
          />
          <TextInput
            label="Period starting"
            description="Leave empty for the organization's most recent closed billing period"
            type="date"
            value={periodStartDate}
            onChange={(e) => setPeriodStartDate(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button onClick={() => void submit()} loading={busy}>
              Generate draft
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

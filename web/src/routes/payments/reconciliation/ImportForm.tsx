import { useState } from 'react';
import { Button, FileInput, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { IconFileUpload } from '@tabler/icons-react';
import { type GatewayKind, importReconciliation, reconciliationKeys } from '../../../api/reconciliation';
import { useSession } from '../../../auth/session';
import { useOrganizations, useSelectedOrganization } from '../../../components/organization-scope';
import { ErrorAlert } from '../../../components/states';
import { pathTo } from '../../route-table';
import { GATEWAY_LABELS } from './labels';

const ALL = 'all';
/** The server refuses more; checked here too so a large file is not read and sent for nothing. */
const MAX_BYTES = 5 * 1024 * 1024;

/** Upload a gateway's settlement report: the server matches it and the new import opens. */
export function ImportForm() {
  const { me } = useSession();
  const { organizations } = useOrganizations();
  const [filterOrg] = useSelectedOrganization();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Only a platform user reaching every organization may reconcile all of them at once.
  const mayChooseAll = me?.scope.organizationIds === null;
  const [gateway, setGateway] = useState<GatewayKind>('cybersource');
  const [organizationId, setOrganizationId] = useState<string>(
    filterOrg ?? (mayChooseAll ? ALL : (me?.user.organizationId ?? '')),
  );
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(new Error('The report must be at most 5 MB'));
      return;
    }
    setBusy(true);
    try {
      const created = await importReconciliation({
        gateway,
        organizationId: organizationId && organizationId !== ALL ? organizationId : undefined,
        fileName: file.name,
        content: await file.text(),
      });
      await queryClient.invalidateQueries({ queryKey: reconciliationKeys.all });
      void navigate(pathTo('paymentReconciliationImport', { id: created.reconciliation.id }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const organizationOptions = [
    ...(mayChooseAll ? [{ value: ALL, label: 'All organizations' }] : []),
    ...organizations.map((o) => ({ value: o.id, label: o.name })),
  ];
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Import a settlement report">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            Import a settlement report
          </Title>
          <Text size="sm" c="dimmed">
            A CSV file from the gateway with a header row. Its lines are matched by gateway reference against our approved
            captures, sales, refunds and top-ups; the period is taken from the file’s dates.
          </Text>
        </div>
        <Group align="flex-end" wrap="wrap">
          <Select
            label="Gateway"
            w={200}
            data={Object.entries(GATEWAY_LABELS).map(([value, label]) => ({ value, label }))}
            value={gateway}
            allowDeselect={false}
            onChange={(value) => value && setGateway(value as GatewayKind)}
          />
          {organizationOptions.length > 1 && (
            <Select
              label="Organization"
              w={220}
              data={organizationOptions}
              value={organizationId || null}
              allowDeselect={false}
              searchable
              onChange={(value) => value && setOrganizationId(value)}
            />
          )}
          <FileInput
            label="Report file"
            placeholder="Choose a CSV file"
            accept=".csv,text/csv"
            w={260}
            value={file}
            onChange={setFile}
            clearable
          />
          <Button type="submit" leftSection={<IconFileUpload size={16} aria-hidden />} disabled={!file} loading={busy}>
            Import
          </Button>
        </Group>
        {error !== null && <ErrorAlert error={error} title="The report was not imported" />}
      </Stack>
    </Paper>
  );
}

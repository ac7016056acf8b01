import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import { createContract, deleteContract, listContracts, organizationKeys, updateContract } from '../../api/organizations';
import type { Contract, Organization } from '../../api/types';
import { useConfirm } from '../../components/confirm';
import { ErrorAlert, Loading, errorMessage } from '../../components/states';
import { formatDate, formatPercent } from '../../format';
import { CONTRACT_KIND_LABELS } from './options';
import { ContractForm } from './ContractForm';

function terms(c: Contract, currency: string): string {
  if (c.kind === 'percent_of_net' && c.percent) return `${formatPercent(c.percent)} of net`;
  if (c.kind === 'per_kwh' && c.perKwh) return `${c.perKwh} ${currency} per kWh`;
  if (c.kind === 'kwh_tiers' && c.tiers)
    return c.tiers.map((t) => `from ${t.fromKwh} kWh: ${formatPercent(t.percent)}`).join('; ');
  return '—';
}

export function ContractsTab({ organization, canWrite }: { organization: Organization; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const key = organizationKeys.contracts(organization.id);
  const query = useQuery({ queryKey: key, queryFn: () => listContracts(organization.id) });
  // `editing`: undefined = form closed, null = new contract.
  const [editing, setEditing] = useState<Contract | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });

  const remove = async (c: Contract) => {
    if (!(await confirm(`Delete the contract “${c.name}”?`, { confirmLabel: 'Delete contract' }))) return;
    setError(null);
    try {
      await deleteContract(organization.id, c.id);
      notifications.show({ color: 'teal', message: 'Contract deleted' });
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  if (query.isLoading) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const contracts = query.data ?? [];

  return (
    <Paper withBorder p="lg">
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {contracts.length === 0 ? (
          <Text>No commission contracts yet.</Text>
        ) : (
          <Table.ScrollContainer minWidth={760} type="native">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Terms</Table.Th>
                  <Table.Th>Effective</Table.Th>
                  <Table.Th>Renewal notice</Table.Th>
                  {canWrite && <Table.Th>Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {contracts.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>{CONTRACT_KIND_LABELS[c.kind]}</Table.Td>
                    <Table.Td>{terms(c, organization.currency)}</Table.Td>
                    <Table.Td>
                      {formatDate(c.effectiveFrom)} – {c.effectiveTo ? formatDate(c.effectiveTo) : 'open-ended'}
                    </Table.Td>
                    <Table.Td>{c.renewalNoticeDays} days</Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="xs" variant="default" onClick={() => setEditing(c)} aria-label={`Edit ${c.name}`}>
                            Edit
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => void remove(c)}
                            aria-label={`Delete ${c.name}`}
                          >
                            Delete
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canWrite && (
          <Button w="fit-content" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing(null)}>
            Add contract
          </Button>
        )}
      </Stack>
      {editing !== undefined && (
        <ContractForm
          key={editing?.id ?? 'new'}
          contract={editing}
          opened
          onClose={() => setEditing(undefined)}
          onSubmit={async (payload) => {
            if (editing) await updateContract(organization.id, editing.id, payload);
            else await createContract(organization.id, payload);
            notifications.show({ color: 'teal', message: editing ? 'Contract saved' : 'Contract added' });
            await refresh();
          }}
        />
      )}
    </Paper>
  );
}

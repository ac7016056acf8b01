import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { chargerKeys, retireCharger, setChargerAdminStatus, setChargerVisibility } from '../../api/chargers';
import { ADMIN_STATUSES, type AdminStatus, type Charger } from '../../api/types';
import { useConfirm } from '../../components/confirm';
import { errorMessage } from '../../components/states';
import { ADMIN_STATUS_LABELS } from '../../format';

/** Administrative status, visibility and retirement (chargers:write). */
export function ChargerControls({ charger }: { charger: Charger }) {
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const apply = async (what: string, action: () => Promise<Charger | void>, message: string) => {
    setBusy(what);
    setError(null);
    try {
      // A refetch still in flight would overwrite the answer below with the state from before this change.
      await queryClient.cancelQueries({ queryKey: chargerKeys.detail(charger.id) });
      const updated = await action();
      if (updated) queryClient.setQueryData(chargerKeys.detail(charger.id), updated);
      await queryClient.invalidateQueries({ queryKey: ['chargers', 'list'] });
      await queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      notifications.show({ color: 'teal', message });
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const retire = async () => {
    const ok = await confirm(
      `Retire “${charger.name}”? It leaves the lists and dashboards and can no longer connect; its history stays for finance.`,
      { title: 'Retire charger', confirmLabel: 'Retire charger' },
    );
    if (ok && (await apply('retire', () => retireCharger(charger.id), `Charger “${charger.name}” retired`)))
      void navigate('/chargers');
  };

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          Status and visibility
        </Title>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Select
          label="Admin status"
          maw={240}
          data={ADMIN_STATUSES.map((s) => ({ value: s, label: ADMIN_STATUS_LABELS[s] ?? s }))}
          value={charger.adminStatus}
          allowDeselect={false}
          disabled={busy !== null}
          onChange={(value) => {
            if (!value || value === charger.adminStatus) return;
            const status = value as AdminStatus;
            void apply(
              'status',
              () => setChargerAdminStatus(charger.id, status),
              `Admin status set to ${ADMIN_STATUS_LABELS[status]}`,
            );
          }}
        />
        <Switch
          label="Visible on dashboards and maps"
          description="Hidden chargers stay in finance and reports"
          checked={charger.visible}
          disabled={busy !== null}
          onChange={(e) => {
            const visible = e.currentTarget.checked;
            void apply(
              'visibility',
              () => setChargerVisibility(charger.id, visible),
              visible ? 'Charger is visible' : 'Charger is hidden',
            );
          }}
        />
        <div>
          <Button color="red" variant="light" loading={busy === 'retire'} onClick={() => void retire()}>
            Retire charger
          </Button>
          <Text size="xs" c="dimmed" mt={4}>
            Retiring keeps the charger for finance but removes it from lists.
          </Text>
        </div>
      </Stack>
    </Paper>
  );
}

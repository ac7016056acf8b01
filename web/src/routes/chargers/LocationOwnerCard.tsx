import { useState } from 'react';
import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { chargerKeys, listLocationOwnerCandidates, setLocationOwner } from '../../api/chargers';
import type { Charger } from '../../api/types';
import { fractionToPercent, percentError, percentToFraction } from '../../decimal';
import { errorMessage } from '../../components/states';
import { formatPercent } from '../../format';

/** Who hosts the charger and the share of revenue they earn (chargers:assign-owner). */
export function LocationOwnerCard({ charger, canAssign }: { charger: Charger; canAssign: boolean }) {
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<string | null>(charger.locationOwner?.id ?? null);
  const [share, setShare] = useState(charger.locationOwnerShare ? fractionToPercent(charger.locationOwnerShare) : '');
  const [shareError, setShareError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const owners = useQuery({
    queryKey: [...chargerKeys.detail(charger.id), 'location-owner-candidates'],
    queryFn: () => listLocationOwnerCandidates(charger.id),
    enabled: canAssign,
  });
  const options = (owners.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
  if (charger.locationOwner && !options.some((o) => o.value === charger.locationOwner?.id)) {
    options.unshift({ value: charger.locationOwner.id, label: `${charger.locationOwner.name} (${charger.locationOwner.email})` });
  }

  const save = async (body: Parameters<typeof setLocationOwner>[1], message: string) => {
    setBusy(true);
    setError(null);
    try {
      const updated = await setLocationOwner(charger.id, body);
      queryClient.setQueryData(chargerKeys.detail(charger.id), updated);
      notifications.show({ color: 'teal', message });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const assign = () => {
    const problem = percentError(share);
    setShareError(problem);
    if (problem || !userId) return;
    void save({ userId, share: percentToFraction(share) ?? '0' }, 'Location owner assigned');
  };

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          Location owner
        </Title>
        <Text size="sm">
          {charger.locationOwner
            ? `${charger.locationOwner.name} (${charger.locationOwner.email}), share ${charger.locationOwnerShare ? formatPercent(charger.locationOwnerShare) : '—'}`
            : 'No location owner is assigned.'}
        </Text>
        {canAssign && (
          <>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Select
              label="Location owner user"
              placeholder={owners.isLoading ? 'Loading…' : 'Choose a location owner'}
              data={options}
              value={userId}
              onChange={setUserId}
              allowDeselect={false}
              searchable
              nothingFoundMessage="No location-owner users in this organization"
            />
            <TextInput
              label="Share (%)"
              description="The location owner's share of revenue"
              inputMode="decimal"
              maw={160}
              value={share}
              error={shareError}
              onChange={(e) => setShare(e.currentTarget.value)}
            />
            <Group>
              <Button onClick={assign} loading={busy} disabled={!userId}>
                Assign location owner
              </Button>
              {charger.locationOwner && (
                <Button
                  variant="subtle"
                  color="red"
                  disabled={busy}
                  onClick={() => void save({ userId: null }, 'Location owner removed')}
                >
                  Remove location owner
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { PasswordField } from '../../components/PasswordField';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { chargerKeys, setOcppPassword } from '../../api/chargers';
import type { Charger } from '../../api/types';
import { errorMessage } from '../../components/states';
import { MAX_OCPP_PASSWORD as MAX_LENGTH, MIN_OCPP_PASSWORD as MIN_LENGTH, generatedOcppPassword } from './ocpp-password';

/** OCPP security profile 1: the charger signs in with HTTP basic auth; the password is stored hashed. */
export function OcppPasswordCard({ charger }: { charger: Charger }) {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tooShort = password.length > 0 && password.length < MIN_LENGTH;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await setOcppPassword(charger.id, password);
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: chargerKeys.detail(charger.id) });
      notifications.show({ color: 'teal', message: 'OCPP password set' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          OCPP password
        </Title>
        <Text size="sm" c="dimmed">
          {charger.hasOcppPassword ? 'A password is set. Setting a new one replaces it.' : 'No password is set.'}
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <PasswordField
          label="New OCPP password"
          description={`${MIN_LENGTH} to ${MAX_LENGTH} characters; best a generated one`}
          autoComplete="new-password"
          value={password}
          maxLength={MAX_LENGTH}
          error={tooShort ? `At least ${MIN_LENGTH} characters` : null}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Group>
          <Button onClick={() => void save()} loading={busy} disabled={password.length < MIN_LENGTH}>
            Set OCPP password
          </Button>
          <Button variant="default" onClick={() => setPassword(generatedOcppPassword())}>
            Generate
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

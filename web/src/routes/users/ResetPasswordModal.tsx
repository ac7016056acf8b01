import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { PasswordField } from '../../components/PasswordField';
import { resetUserPassword } from '../../api/users';
import type { User } from '../../api/types';
import { PASSWORD_RULE, passwordLengthError } from '../../components/password-rule';
import { errorMessage } from '../../components/states';

export function ResetPasswordModal({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: (u: User) => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lengthError = passwordLengthError(password);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await resetUserPassword(user.id, password));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Reset password of ${user.name}`}>
      <Stack>
        <Text size="sm">This ends every session of {user.email}; they must choose a new password at the next sign-in.</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <PasswordField
          label="Temporary password"
          description={PASSWORD_RULE}
          autoComplete="new-password"
          value={password}
          error={password.length > 0 ? lengthError : null}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={lengthError !== null}>
            Reset password
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

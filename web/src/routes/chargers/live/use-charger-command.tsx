import { type ReactNode, useState } from 'react';
import { Button } from '@mantine/core';
import { type CommandBodies, type CommandName, sendCommand } from '../../../api/commands';
import type { Outcome } from './CommandOutcome';

/**
 * One command at a time to a charger, for a card of command buttons: `send` runs it and keeps the
 * charger's answer (or the error) as `outcome`; `button` draws a button that shows its own command
 * running and is disabled while another one is; `setOutcome` shows a refusal made before sending.
 */
export function useChargerCommand(chargerId: string) {
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async <C extends CommandName>(label: string, command: C, body: CommandBodies[C]) => {
    setBusy(label);
    setOutcome(null);
    try {
      setOutcome({ label, result: await sendCommand(chargerId, command, body) });
    } catch (error) {
      setOutcome({ label, error });
    } finally {
      setBusy(null);
    }
  };

  const button = (label: string, onClick: () => void, look: { color?: string; variant?: string } = {}): ReactNode => (
    <Button
      variant={look.variant ?? 'light'}
      color={look.color}
      size="xs"
      loading={busy === label}
      disabled={busy !== null && busy !== label}
      onClick={onClick}
    >
      {label}
    </Button>
  );

  return { outcome, setOutcome, send, button };
}

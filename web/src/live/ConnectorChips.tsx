import { Group } from '@mantine/core';
import type { LiveCharger } from '../api/live';
import { LiveStatusBadge } from './LiveStatusBadge';

/** One chip per connector with its OCPP status in words, in its colour; every connector reads Offline while the charger is. */
export function ConnectorChips({ charger }: { charger: LiveCharger }) {
  // Connector 0 (OCPP 1.6) is the charger itself, not a connector.
  const connectors = charger.connectors.filter((c) => c.connectorId !== 0);
  if (connectors.length === 0) return null;
  return (
    <Group gap={4} aria-label="Connectors">
      {connectors.map((c) => {
        const status = charger.online ? c.status : 'Offline';
        const error = c.errorCode && c.errorCode !== 'NoError' ? `Error: ${c.errorCode}` : null;
        return (
          <LiveStatusBadge
            key={`${c.evseId}-${c.connectorId}`}
            status={status}
            variant="light"
            size="xs"
            title={[c.type, error].filter(Boolean).join(' · ') || undefined}
          >
            #{c.connectorId} {status}
          </LiveStatusBadge>
        );
      })}
    </Group>
  );
}

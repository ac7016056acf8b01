import { Badge } from '@mantine/core';
import {
  type AlertSeverity,
  type AlertStatus,
  SEVERITY_COLORS,
  SEVERITY_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
} from '../../api/alerts';

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return (
    <Badge color={SEVERITY_COLORS[severity]} variant="filled" miw="max-content">
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" miw="max-content">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

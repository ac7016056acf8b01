import { Badge } from '@mantine/core';
import type { AdminStatus } from '../../api/types';
import { ADMIN_STATUS_LABELS } from '../../format';

const COLORS: Record<AdminStatus, string> = { active: 'teal', inactive: 'gray', maintenance: 'orange' };

export function AdminStatusBadge({ status }: { status: AdminStatus }) {
  return (
    <Badge color={COLORS[status]} variant="light">
      {ADMIN_STATUS_LABELS[status]}
    </Badge>
  );
}

export function VisibilityBadge({ visible }: { visible: boolean }) {
  return (
    <Badge color={visible ? 'blue' : 'gray'} variant={visible ? 'light' : 'outline'}>
      {visible ? 'Visible' : 'Hidden'}
    </Badge>
  );
}

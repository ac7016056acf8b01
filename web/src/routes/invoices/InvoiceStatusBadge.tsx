import { Badge } from '@mantine/core';
import type { InvoiceDisplayStatus } from '../../api/invoices';

export const STATUS_LABELS: Record<InvoiceDisplayStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  paid: 'Paid',
  overdue: 'Overdue',
};

const STATUS_COLORS: Record<InvoiceDisplayStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  paid: 'teal',
  overdue: 'red',
};

export function InvoiceStatusBadge({ status, size = 'sm' }: { status: InvoiceDisplayStatus; size?: 'sm' | 'lg' }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant={status === 'draft' ? 'outline' : 'light'} size={size}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

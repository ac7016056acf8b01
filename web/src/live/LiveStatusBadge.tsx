import type { ReactNode } from 'react';
import { Badge, type BadgeProps } from '@mantine/core';
import { statusColor } from './status';

type Props = { status: string | null; children?: ReactNode } & BadgeProps &
  Pick<React.HTMLAttributes<HTMLDivElement>, 'title' | 'aria-label'> & { 'data-testid'?: string };

/** A live OCPP status (aggregate or a connector's finer state) in its colour. */
export function LiveStatusBadge({ status, children, ...props }: Props) {
  return (
    <Badge color={statusColor(status)} variant="filled" {...props}>
      {children ?? status ?? 'Unknown'}
    </Badge>
  );
}

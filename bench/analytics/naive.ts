/**
 * The same questions as the API, answered the naive way: GROUP BY over the raw `session_settlements`
 * (using its (organization_id, stopped_at) index where it helps), no rollups.
 */
const FIGURES = `count(*) AS sessions, sum(energy_wh) AS energy_wh, sum(net_minor) AS net, sum(gross_minor) AS gross,
  sum(tax_minor) AS tax, sum(partner_share_minor) AS partner_share, sum(energy_cost_minor) AS energy_cost, sum(margin_minor) AS margin`;

const INTERVAL = { '24h': '24 hours', '7d': '7 days', '30d': '30 days', '365d': '365 days' } as const;
export type RollingPeriod = keyof typeof INTERVAL;

export function naiveRevenueByCharger(organizationId: string, period: RollingPeriod): string {
  return `SELECT charger_id, currency, ${FIGURES}
    FROM session_settlements
    WHERE organization_id = '${organizationId}' AND stopped_at >= now() - interval '${INTERVAL[period]}' AND stopped_at < now()
    GROUP BY charger_id, currency ORDER BY net DESC`;
}

/** Today, this week, month and year in each organization's zone, and the last 24 h and 7 d, per currency. */
export function naiveNetworkSummary(): string {
  const since = (unit: string) => `date_trunc('${unit}', now() AT TIME ZONE o.time_zone) AT TIME ZONE o.time_zone`;
  const periods: [string, string][] = [
    ['today', `s.stopped_at >= ${since('day')}`],
    ['week', `s.stopped_at >= ${since('week')}`],
    ['month', `s.stopped_at >= ${since('month')}`],
    ['year', `s.stopped_at >= ${since('year')}`],
    ['h24', `s.stopped_at >= now() - interval '24 hours'`],
    ['d7', `s.stopped_at >= now() - interval '7 days'`],
  ];
  const columns = periods
    .map(([name, where]) =>
      ['count(*)', 'sum(s.energy_wh)', 'sum(s.net_minor)', 'sum(s.gross_minor)', 'sum(s.margin_minor)']
        .map((f, i) => `${f} FILTER (WHERE ${where}) AS ${name}_${i}`)
        .join(', '),
    )
    .join(',\n    ');
  return `SELECT s.currency, ${columns}
    FROM session_settlements s JOIN organizations o ON o.id = s.organization_id
    WHERE s.stopped_at >= least(now() - interval '7 days', ${since('year')})
    GROUP BY s.currency`;
}

import { type SQL, sql } from 'drizzle-orm';

/**
 * Approved refunds in revenue analytics, like credit notes: a refund lowers gross and, through it, taxes
 * and net in the period it was approved (docs/payments.md "The ledger rule"), while the session it
 * refunds keeps counting, with its energy, in the period it ended. Each refund is read from its own
 * adjusting ledger entry (entry_kind `refund`, one per approved refund), so analytics reverse exactly
 * what the ledger reversed — largest-remainder shares and all:
 *
 * - gross: the money given back (the entry's `gateway_receivable` posting, negative);
 * - taxes, platform commission, location-owner commission: minus their reversing postings;
 * - net = gross − taxes; partner share and margin: minus the organization's part (`partner_payable`,
 *   which includes the gateway fee when the organization bears fees: the gateway keeps it);
 * - sessions, energy, gateway fees and energy cost: unchanged (0).
 */
const REFUND_FIGURES: Record<string, string> = {
  energy_wh: '0',
  net_minor: `coalesce(sum(p.amount_minor) FILTER (WHERE p.account = 'gateway_receivable'), 0) + coalesce(sum(p.amount_minor) FILTER (WHERE p.account = 'tax_payable'), 0)`,
  tax_minor: `-coalesce(sum(p.amount_minor) FILTER (WHERE p.account = 'tax_payable'), 0)`,
  gross_minor: `coalesce(sum(p.amount_minor) FILTER (WHERE p.account = 'gateway_receivable'), 0)`,
  gateway_fee_minor: '0',
  platform_commission_minor: `-coalesce(sum(p.amount_minor) FILTER (WHERE p.account = 'platform_commission_revenue'), 0)`,
  location_owner_commission_minor: `-coalesce(sum(p.amount_minor) FILTER (WHERE p.account = 'location_owner_payable'), 0)`,
  partner_share_minor: `-coalesce(sum(p.amount_minor) FILTER (WHERE p.account = 'partner_payable'), 0)`,
  energy_cost_minor: '0',
  margin_minor: `-coalesce(sum(p.amount_minor) FILTER (WHERE p.account = 'partner_payable'), 0)`,
};

/** `0::bigint AS sessions, <figure> AS energy_wh, …` in the order of `columns` (figures-sql's FIGURE_COLUMNS). */
const refundFigureColumns = (columns: readonly string[]): SQL =>
  sql.raw(
    ['0::bigint AS sessions', ...columns.map((c) => `coalesce(${REFUND_FIGURES[c] ?? '0'}, 0)::bigint AS ${c}`)].join(', '),
  );

/**
 * One row per approved refund of organization `orgId` approved in [from, to): its organization, the
 * refunded session's site and charger (`s`, for scope and filters), currency, when it was approved
 * (`at`) and its figures (`columns`). Reads the partial index ledger_postings_refund_at_idx.
 */
export function refundRows(columns: readonly string[], orgId: SQL, from: SQL, to: SQL, filter: SQL): SQL {
  return sql`
    SELECT p.organization_id, s.site_id, s.charger_id, p.currency, min(p.at) AS at, ${refundFigureColumns(columns)}
    FROM ledger_postings p
    JOIN session_settlements s ON s.session_id = p.session_id
    WHERE p.entry_kind = 'refund' AND p.organization_id = ${orgId} AND p.at >= ${from} AND p.at < ${to} AND ${filter}
    GROUP BY p.document_id, p.organization_id, s.site_id, s.charger_id, p.currency`;
}

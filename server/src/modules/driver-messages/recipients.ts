import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { AppError } from '../../errors.js';
import type { MessageAudience } from './schemas.js';

export interface Resolved {
  /** The drivers to notify, in a stable order. */
  userIds: string[];
  /** Marketing only: drivers of the audience left out because they opted out of marketing. */
  optedOut: number;
}

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

const audienceInvalid = (message: string, field: string) => new AppError('MESSAGE_AUDIENCE_INVALID', message, { field });

/**
 * Refuses an audience naming anything that is not the organization's: a driver of another
 * organization, a user who is not a driver, or an id that does not exist all get the same answer,
 * so the refusal tells nothing about other organizations.
 */
export async function assertAudienceInOrganization(
  db: Executor,
  organizationId: string,
  audience: MessageAudience,
): Promise<void> {
  if (audience.kind === 'drivers') {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM users
        WHERE id IN (${idList(audience.userIds)}) AND role = 'driver' AND organization_id = ${organizationId}`,
    );
    const unknown = audience.userIds.length - Number(row?.n ?? 0);
    if (unknown > 0)
      throw audienceInvalid(
        `${unknown} of the chosen recipients ${unknown === 1 ? 'is not a driver' : 'are not drivers'} of this organization`,
        'audience.userIds',
      );
  }
  if (audience.kind === 'sites') {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM sites WHERE id IN (${idList(audience.siteIds)}) AND organization_id = ${organizationId}`,
    );
    const unknown = audience.siteIds.length - Number(row?.n ?? 0);
    if (unknown > 0)
      throw audienceInvalid(
        `${unknown} of the chosen sites ${unknown === 1 ? 'is not a site' : 'are not sites'} of this organization`,
        'audience.siteIds',
      );
  }
}

/** The condition a driver `u` of the organization meets to be in the audience. */
function audienceCondition(organizationId: string, audience: MessageAudience, at: Date): SQL {
  switch (audience.kind) {
    case 'drivers':
      return sql`u.id IN (${idList(audience.userIds)})`;
    case 'organization':
      return sql`TRUE`;
    case 'sites': {
      const since = new Date(at.getTime() - audience.days * 86_400_000).toISOString();
      // A session names its driver directly, or through the ID token it was started with.
      return sql`EXISTS (
        SELECT 1 FROM charging_sessions cs LEFT JOIN id_tokens it ON it.id = cs.id_token_id
        WHERE cs.site_id IN (${idList(audience.siteIds)}) AND cs.organization_id = ${organizationId}
          AND cs.started_at >= ${since}::timestamptz AND cs.started_at <= ${at.toISOString()}::timestamptz
          AND (cs.user_id = u.id OR it.user_id = u.id))`;
    }
    case 'token_groups':
      return sql`EXISTS (
        SELECT 1 FROM id_tokens it
        WHERE it.user_id = u.id AND it.organization_id = ${organizationId} AND it.status = 'active'
          AND it.token_group IN (${sql.join(
            audience.groups.map((g) => sql`${g}`),
            sql`, `,
          )}))`;
  }
}

/**
 * The drivers a message reaches at `at`: enabled users with the role `driver` of exactly the
 * message's organization (never a driver of another one, whatever the audience names) who meet the
 * audience. Marketing leaves out those who opted out of it; service messages reach them too.
 */
export async function resolveRecipients(
  db: Executor,
  organizationId: string,
  category: 'service' | 'marketing',
  audience: MessageAudience,
  at = new Date(),
): Promise<Resolved> {
  const rows = await queryRows<{ id: string; opted_out: boolean }>(
    db,
    sql`SELECT u.id, coalesce(p.marketing_opt_out, false) AS opted_out
      FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
      WHERE u.role = 'driver' AND u.organization_id = ${organizationId} AND NOT u.disabled
        AND ${audienceCondition(organizationId, audience, at)}
      ORDER BY u.id`,
  );
  if (category === 'service') return { userIds: rows.map((r) => r.id), optedOut: 0 };
  return { userIds: rows.filter((r) => !r.opted_out).map((r) => r.id), optedOut: rows.filter((r) => r.opted_out).length };
}

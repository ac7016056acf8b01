import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { chargers, chargingSessions, remoteStarts } from '../../db/schema/index.js';
import { type Scope, canReachCharger } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import type { CommandInput, CommandName } from './command-schemas.js';
import { prepareChargingProfile } from './charging-profile-requests.js';
import { authorizeToken } from './sessions.js';
import type { ChargerLink, CommandAnswer } from './types.js';

async function reachableCharger(db: Db, scope: Scope, chargerId: string) {
  const [charger] = await db.select().from(chargers).where(eq(chargers.id, chargerId));
  // Outside the caller's scope answers 404, so existence does not leak.
  if (!charger || !canReachCharger(scope, charger)) throw notFound('Charger');
  return charger;
}

/** What the charger is sent, after the checks only the central system can make. */
async function prepare(
  db: Db,
  charger: { id: string; organizationId: string },
  command: CommandName,
  input: Record<string, unknown>,
) {
  if (command === 'remote-stop') {
    const { sessionId } = input as CommandInput<'remote-stop'>;
    const [session] = await db
      .select()
      .from(chargingSessions)
      .where(and(eq(chargingSessions.id, sessionId), eq(chargingSessions.chargerId, charger.id)));
    if (!session) throw notFound('Session');
    if (session.status !== 'active') throw new AppError('CONFLICT', 'This session has already ended');
    return { ...input, transactionId: session.transactionId };
  }
  if (command === 'remote-start') {
    const { idTag } = input as CommandInput<'remote-start'>;
    const authorization = await authorizeToken(db, charger, idTag);
    if (authorization.status !== 'Accepted') {
      throw new AppError('UNPROCESSABLE', `This ID token cannot charge here (${authorization.status})`, {
        field: 'idTag',
        status: authorization.status,
      });
    }
    // F01/F02: the station's Started event may carry only this id; the token it stands for is kept
    // durably, so the session still gets its driver after a restart or on another instance.
    const remoteStartId = randomInt(1, 2 ** 31 - 1);
    await db
      .insert(remoteStarts)
      .values({ chargerId: charger.id, remoteStartId, idTag })
      .onConflictDoUpdate({
        target: [remoteStarts.chargerId, remoteStarts.remoteStartId],
        set: { idTag, requestedAt: new Date() },
      });
    return { ...input, remoteStartId };
  }
  if (command === 'set-charging-profile')
    return { ...(await prepareChargingProfile(db, charger.id, input as CommandInput<'set-charging-profile'>)) };
  return input;
}

type Outcome = { result: 'answered'; answer: CommandAnswer } | { result: 'failed'; error: AppError };

/**
 * Sends one remote command and returns the charger's answer. Every attempt is audited with its
 * outcome (answered, offline, timeout, refused), whether or not it reached the charger.
 */
export async function runCommand(
  deps: { db: Db; link: ChargerLink | null },
  audit: AuditContext,
  scope: Scope,
  chargerId: string,
  command: CommandName,
  input: Record<string, unknown>,
): Promise<{ command: CommandName } & CommandAnswer> {
  const charger = await reachableCharger(deps.db, scope, chargerId);
  const payload = await prepare(deps.db, charger, command, input);
  let outcome: Outcome;
  try {
    if (!deps.link) throw new AppError('CHARGER_OFFLINE', 'The charger is not connected');
    outcome = { result: 'answered', answer: await deps.link.send(charger.ocppIdentity, command, payload) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    outcome = { result: 'failed', error };
  }
  await deps.db.transaction((tx) =>
    recordAudit(tx, audit, {
      entityType: 'charger',
      entityId: charger.id,
      action: `command.${command}`,
      organizationId: charger.organizationId,
      after: {
        command,
        request: payload,
        outcome: outcome.result === 'answered' ? 'answered' : outcome.error.code,
        ...(outcome.result === 'answered' ? { action: outcome.answer.action, response: outcome.answer.response } : {}),
      },
    }),
  );
  if (outcome.result === 'failed') throw outcome.error;
  return { command, ...outcome.answer };
}

/** Whether an ID token may charge, in one internal vocabulary mapped to each OCPP version. Pure. */

/** NoCredit: the token is valid but its payment was refused (a declined hold, an empty wallet). */
export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Unknown' | 'NoCredit';

export interface TokenStanding {
  status: 'active' | 'blocked';
  expiresAt: Date | null;
}

/** Blocked beats expired: a blocked card stays blocked whatever its date. */
export function authorizationOf(token: TokenStanding | null, now: Date): AuthorizationStatus {
  if (!token) return 'Unknown';
  if (token.status === 'blocked') return 'Blocked';
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return 'Expired';
  return 'Accepted';
}

/** OCPP 1.6 AuthorizationStatus (§7.2) has no "Unknown": an identifier it does not know is Invalid. */
export function authorizationStatus16(status: AuthorizationStatus): 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' {
  // 1.6 has no NoCredit: a refused payment blocks the token for this session.
  return status === 'Unknown' ? 'Invalid' : status === 'NoCredit' ? 'Blocked' : status;
}

/** OCPP 2.0.1 AuthorizationStatusEnumType has Unknown for identifiers the CSMS does not know. */
export function authorizationStatus201(status: AuthorizationStatus): AuthorizationStatus {
  return status;
}

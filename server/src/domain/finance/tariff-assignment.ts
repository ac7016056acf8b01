/**
 * Which tariff applies to a session (docs/finance.md §2): the most specific assignment — connector ›
 * charger › site › organization default — among the tariffs valid at the session's start. Pure.
 */

export interface TariffAssignment {
  organizationId: string;
  siteId: string | null;
  chargerId: string | null;
  /** The OCPP connector number on `chargerId`. */
  connectorId: number | null;
}

export interface AssignedTariff extends TariffAssignment {
  id: string;
  /** Inclusive. */
  validFrom: Date;
  /** Exclusive; null = open-ended. */
  validTo: Date | null;
}

export interface SessionPlace {
  organizationId: string;
  siteId: string;
  chargerId: string;
  connectorId: number | null;
}

export type AssignmentLevel = 'connector' | 'charger' | 'site' | 'organization';

export function assignmentLevel(a: TariffAssignment): AssignmentLevel {
  if (a.chargerId !== null && a.connectorId !== null) return 'connector';
  if (a.chargerId !== null) return 'charger';
  if (a.siteId !== null) return 'site';
  return 'organization';
}

const SPECIFICITY: Record<AssignmentLevel, number> = { connector: 3, charger: 2, site: 1, organization: 0 };

/** Does the tariff's assignment cover this place at all (at any level)? */
export function assignmentCovers(a: TariffAssignment, place: SessionPlace): boolean {
  if (a.organizationId !== place.organizationId) return false;
  switch (assignmentLevel(a)) {
    case 'connector':
      return a.chargerId === place.chargerId && a.connectorId === place.connectorId;
    case 'charger':
      return a.chargerId === place.chargerId;
    case 'site':
      return a.siteId === place.siteId;
    case 'organization':
      return true;
  }
}

export function validAt(t: Pick<AssignedTariff, 'validFrom' | 'validTo'>, at: Date): boolean {
  return t.validFrom.getTime() <= at.getTime() && (t.validTo === null || at.getTime() < t.validTo.getTime());
}

/** The tariff for a session that started at `startedAt` at `place`, or null when none applies. */
export function resolveTariff<T extends AssignedTariff>(
  candidates: readonly T[],
  place: SessionPlace,
  startedAt: Date,
): T | null {
  let best: T | null = null;
  for (const tariff of candidates) {
    if (!assignmentCovers(tariff, place) || !validAt(tariff, startedAt)) continue;
    if (!best || SPECIFICITY[assignmentLevel(tariff)] > SPECIFICITY[assignmentLevel(best)]) best = tariff;
  }
  return best;
}

export function sameAssignment(a: TariffAssignment, b: TariffAssignment): boolean {
  return (
    a.organizationId === b.organizationId &&
    a.siteId === b.siteId &&
    a.chargerId === b.chargerId &&
    a.connectorId === b.connectorId
  );
}

/** Two validity ranges [from, to) share an instant. */
export function validityOverlaps(
  a: Pick<AssignedTariff, 'validFrom' | 'validTo'>,
  b: Pick<AssignedTariff, 'validFrom' | 'validTo'>,
): boolean {
  const aEndsFirst = a.validTo !== null && a.validTo.getTime() <= b.validFrom.getTime();
  const bEndsFirst = b.validTo !== null && b.validTo.getTime() <= a.validFrom.getTime();
  return !aEndsFirst && !bEndsFirst;
}

/** The first other tariff with the same assignment whose validity overlaps, so one tariff rules each instant. */
export function overlappingTariff<T extends AssignedTariff>(
  candidate: Omit<AssignedTariff, 'id'> & { id?: string },
  others: readonly T[],
): T | null {
  return others.find((o) => o.id !== candidate.id && sameAssignment(o, candidate) && validityOverlaps(o, candidate)) ?? null;
}

import type { Scope } from './scope.js';

/**
 * The figures that are the charge point operator's own business — what the platform and the payment
 * gateway take from it, what it keeps, what its electricity costs and its margin. A location owner
 * hosts the chargers and earns a commission on their net revenue; it sees what drivers paid and its
 * own commission, never these.
 */
export const OPERATOR_INTERNAL_FIGURES = [
  'gatewayFeeMinor',
  'platformCommissionMinor',
  'partnerShareMinor',
  'energyCostMinor',
  'marginMinor',
] as const;
export type OperatorInternalFigure = (typeof OPERATOR_INTERNAL_FIGURES)[number];

/**
 * Who sees the operator's internals: every scope that reaches whole organizations or sites. A scope
 * limited to individual chargers (a location owner's assigned chargers, a driver's none) does not.
 */
export function seesOperatorInternals(scope: Pick<Scope, 'chargerIds'>): boolean {
  return scope.chargerIds === null;
}

export type ShownFigures<T extends object> = Omit<T, OperatorInternalFigure> & {
  [K in Extract<keyof T, OperatorInternalFigure>]: T[K] | null;
};

/** The figures as this scope may see them: the operator's internals present in them become null for those who may not. */
export function shownFigures<T extends object>(scope: Pick<Scope, 'chargerIds'>, figures: T): ShownFigures<T> {
  if (seesOperatorInternals(scope)) return figures;
  const hidden = OPERATOR_INTERNAL_FIGURES.filter((k) => k in figures).map((k) => [k, null]);
  return { ...figures, ...Object.fromEntries(hidden) } as ShownFigures<T>;
}

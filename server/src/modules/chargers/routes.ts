import type { AppDeps, TypedApp } from '../../http/app-types.js';

export function chargerRoutes(_app: TypedApp, _deps: AppDeps): void {
  // Filled in by the chargers module.
}

import type { AppDeps, TypedApp } from '../../http/app-types.js';

export function userRoutes(_app: TypedApp, _deps: AppDeps): void {
  // Filled in by the users module.
}

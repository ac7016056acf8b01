import type { AppDeps, TypedApp } from '../../http/app-types.js';

export function roleRoutes(_app: TypedApp, _deps: AppDeps): void {
  // Filled in by the roles module.
}

import type { AppDeps, TypedApp } from '../../http/app-types.js';

export function siteRoutes(_app: TypedApp, _deps: AppDeps): void {
  // Filled in by the sites module.
}

export * from './organizations.js';
export * from './sites.js';
export * from './users.js';
export * from './chargers.js';
export * from './audit.js';
export * from './ocpp.js';
export * from './finance.js';

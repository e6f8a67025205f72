// The SQLite tables (derived from schema.ts by dialects.ts), exported by name for drizzle-kit's SQLite migrations
// and for the SQLite connection. The unit test beside it checks that every table of schema.ts is here.
import * as pg from './schema.js';
import { sqliteTablesOf } from './dialects.js';

export const {
  merchants,
  apiKeys,
  operators,
  dids,
  identificationIds,
  ivrCalls,
  payments,
  paymentEvents,
  auditLog,
  sandboxCharges,
  leases,
  kv,
  platformAdmins,
  consoleSessions,
  webhookEndpoints,
  webhookDeliveries,
  merchantGateways,
  paymentOperations,
  sandboxOperations,
  sandboxCards,
} = sqliteTablesOf(pg);

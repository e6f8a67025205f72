// Who may do what in the management API: one table of permissions per role. Pure; the routes ask `can()`.
export const ROLES = ['platform_admin', 'merchant_admin', 'operator'] as const;
export type Role = (typeof ROLES)[number];
/** a merchant's server calling with its API key */
export type ActorRole = Role | 'api_key';

const PA = 'platform_admin', MA = 'merchant_admin', OP = 'operator', KEY = 'api_key';

export const PERMISSIONS = {
  'merchants.create': [PA],
  'merchants.read': [PA, MA, OP, KEY],
  /** name and settings (jobs, brands, origins, capture rules, callers) */
  'merchants.update': [PA, MA],
  /** disable / enable a merchant */
  'merchants.status': [PA],
  /** assign payment numbers to a merchant and set their limits */
  'dids.manage': [PA],
  'api_keys.manage': [PA, MA],
  'operators.read': [PA, MA, OP],
  'operators.manage': [PA, MA],
  'payments.read': [PA, MA, OP, KEY],
  'payments.export': [PA, MA, OP, KEY],
  /** cancel a payment in progress from the console */
  'payments.cancel': [PA, MA, OP],
  /** void / refund an approved payment */
  'payments.refund': [PA, MA],
  'live.read': [PA, MA, OP, KEY],
  'reports.read': [PA, MA, KEY],
  'webhooks.read': [PA, MA, KEY],
  'webhooks.manage': [PA, MA],
  'audit.read': [PA, MA],
} as const satisfies Record<string, readonly ActorRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: ActorRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly ActorRole[]).includes(role);
}

/** Every permission the role has (the console shows only what the user can use). */
export function permissionsOf(role: ActorRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

import { describe, expect, it } from 'vitest';
import { PERMISSIONS, can, permissionsOf } from './permissions.js';

describe('permissions', () => {
  it('platform admins can do everything', () => {
    expect(permissionsOf('platform_admin')).toEqual(Object.keys(PERMISSIONS));
  });
  it('merchant admins run their merchant but cannot create, disable or number merchants', () => {
    for (const p of ['merchants.create', 'merchants.status', 'dids.manage'] as const) expect(can('merchant_admin', p)).toBe(false);
    for (const p of ['operators.manage', 'api_keys.manage', 'webhooks.manage', 'payments.refund', 'merchants.update'] as const) expect(can('merchant_admin', p)).toBe(true);
  });
  it('operators follow and look up payments, and change nothing else', () => {
    expect(permissionsOf('operator')).toEqual(['merchants.read', 'operators.read', 'payments.read', 'payments.export', 'payments.cancel', 'live.read']);
  });
  it('an API key reads payments, reports and webhook deliveries, and manages nothing', () => {
    expect(permissionsOf('api_key')).toEqual(['merchants.read', 'payments.read', 'payments.export', 'live.read', 'reports.read', 'webhooks.read']);
  });
});

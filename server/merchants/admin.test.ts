import { describe, expect, it } from 'vitest';
import { openSqlite as openDatabase } from '../db/index.js';
import { MerchantAdmin, SettingsPatch } from './admin.js';
import { MerchantStore } from './store.js';

describe('SettingsPatch', () => {
  it('accepts any subset of the settings and adds no defaults for what is missing', () => {
    expect(SettingsPatch.parse({ askCvv: false })).toEqual({ askCvv: false });
    expect(SettingsPatch.parse({})).toEqual({});
  });
  it('refuses unknown fields and bad values', () => {
    expect(SettingsPatch.safeParse({ pan: '1' }).success).toBe(false);
    expect(SettingsPatch.safeParse({ maxAttempts: 0 }).success).toBe(false);
    expect(SettingsPatch.safeParse({ allowedOrigins: ['https://crm.example.com/path'] }).success).toBe(false);
  });
  it('normalizes origins', () => {
    expect(SettingsPatch.parse({ allowedOrigins: [' HTTPS://CRM.example.com/ '] })).toEqual({ allowedOrigins: ['https://crm.example.com'] });
  });
});

describe('MerchantAdmin', () => {
  it('lists, renames and disables merchants', async () => {
    const db = openDatabase(':memory:');
    const store = new MerchantStore(db);
    const admin = new MerchantAdmin(db);
    const a = await store.create('A');
    await store.create('B');
    await admin.rename(a.id, 'A2');
    await admin.setStatus(a.id, 'disabled');
    expect((await admin.list()).map((m) => [m.name, m.status])).toEqual([['A2', 'disabled'], ['B', 'active']]);
    expect((await store.get(a.id))?.status).toBe('disabled');
  });
});

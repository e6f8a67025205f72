// Tests where the credentials key comes from: the environment, else one generated once, kept, and warned about.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openSqlite as openDatabase } from '../../db/index.js';
import { MemorySink } from '../../log/logger.js';
import { CredentialCipher, parseKey } from './cipher.js';
import { credentialsCipher } from './key.js';

describe('credentialsCipher', () => {
  it('uses IVRPAY_CREDENTIALS_KEY when set, silently', async () => {
    const key = randomBytes(32).toString('base64');
    const sink = new MemorySink();
    const cipher = await credentialsCipher(key, openDatabase(':memory:'), pino({}, sink));
    expect(cipher.keyId).toBe(new CredentialCipher(parseKey(key)).keyId);
    expect(sink.text()).toBe('');
  });

  it('otherwise generates a key once, keeps it, and warns at every start without printing it', async () => {
    const db = openDatabase(':memory:');
    const sink = new MemorySink();
    const first = await credentialsCipher(undefined, db, pino({}, sink));
    const again = await credentialsCipher(undefined, db, pino({}, sink));
    expect(again.keyId).toBe(first.keyId);
    const lines = sink.lines.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].msg).toMatch(/IVRPAY_CREDENTIALS_KEY is not set/);
    const stored = db.sqlite!.prepare("SELECT value FROM kv WHERE key = 'gateway_credentials_key'").get() as { value: string };
    expect(sink.text()).not.toContain(stored.value);
  });
});

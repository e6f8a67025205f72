// The key that seals gateway credentials: IVRPAY_CREDENTIALS_KEY, or (development only) one generated once and
// kept in the database beside what it protects, with a loud warning at every start. Never logs the key.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/index.js';
import { kvValue } from '../../db/kv.js';
import type { Logger } from '../../log/logger.js';
import { CredentialCipher, parseKey } from './cipher.js';

const KV_KEY = 'gateway_credentials_key';

export async function credentialsCipher(configured: string | undefined, db: Db, log: Logger): Promise<CredentialCipher> {
  if (configured) return new CredentialCipher(parseKey(configured));
  const cipher = new CredentialCipher(parseKey(await kvValue(db, KV_KEY, () => randomBytes(32).toString('base64'))));
  log.warn(
    { keyId: cipher.keyId },
    'IVRPAY_CREDENTIALS_KEY is not set: merchants\' gateway credentials are sealed with a key generated and kept in the same database. ' +
      'Fine for development; in production set IVRPAY_CREDENTIALS_KEY (openssl rand -base64 32), kept apart from the database, before saving real credentials.',
  );
  return cipher;
}

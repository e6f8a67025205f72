// `npm run admin:create -- --login <id> [--name <name>]`: creates a platform admin on this installation (the
// first one on a fresh install) and prints a temporary password once, to be changed at the first sign-in.
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config.js';
import { openDatabase } from '../db/index.js';
import { AuditLog } from '../audit.js';
import { Accounts } from './accounts.js';
import { generatePassword, hashPassword } from './passwords.js';
import { LoginId } from './operator-routes.js';

const fail = (ja: string, en: string): never => {
  process.stderr.write(`ivrpay: ${ja}\nivrpay: ${en}\n`);
  process.exit(2);
};

try {
  const { values } = parseArgs({ options: { login: { type: 'string' }, name: { type: 'string' } } });
  const login = LoginId.safeParse(values.login ?? '');
  if (!login.success) fail('--login <ログインID> を指定してください（英数字と . _ @ -、3〜64文字）', 'give --login <login id> (letters, digits and . _ @ -, 3-64 characters)');
  const loginId = login.data!;
  const db = await openDatabase(loadConfig().database);
  const accounts = new Accounts(db);
  if (await accounts.loginIdTaken(loginId)) fail(`ログインID ${loginId} は使用中です`, `login id ${loginId} is already used`);
  const password = generatePassword();
  const hash = await hashPassword(password);
  const user = await accounts.createPlatformAdmin(loginId, values.name?.trim() || loginId, hash);
  await accounts.setPasswordHash(user, hash, true);
  await new AuditLog(db).record({ actorType: 'system', action: 'platform_admin.create', targetId: user.id, detail: { loginId, via: 'cli' } });
  await db.close();
  process.stdout.write(
    [
      `プラットフォーム管理者 ${loginId} を作成しました。仮パスワード（この一度だけ表示）: ${password}`,
      `created platform admin ${loginId}. Temporary password (shown this once): ${password}`,
      '初回サインイン時に新しいパスワードを設定します / a new password is chosen at the first sign-in: /console/',
      '',
    ].join('\n'),
  );
} catch (err) {
  if (err instanceof ConfigError) fail(err.message, err.message);
  throw err;
}

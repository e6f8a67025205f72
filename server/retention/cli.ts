// `npm run purge [-- --days N]`: runs the retention purge once against the configured database and says what it
// removed (ja/en). The server also runs it on a timer; this is for cron jobs and for trying it out.
import { loadConfig, ConfigError } from '../config.js';
import { openDatabase } from '../db/index.js';
import { AuditLog } from '../audit.js';
import { purgeAuthorizationData } from './purge.js';

try {
  const config = loadConfig();
  const i = process.argv.indexOf('--days');
  const days = i > 0 ? Number(process.argv[i + 1]) : config.retentionDays;
  if (!Number.isInteger(days) || days < 1) {
    process.stderr.write('--days には 1 以上の整数を指定してください / --days must be a whole number of at least 1\n');
    process.exit(2);
  }
  const db = await openDatabase(config.database);
  const r = await purgeAuthorizationData(db, days);
  await new AuditLog(db).record({ actorType: 'system', action: 'retention.purge', detail: { days, payments: r.payments, events: r.events, webhookDeliveries: r.webhookDeliveries, via: 'cli' } });
  await db.close();
  process.stdout.write(
    `${r.cutoff} より前に終了した決済のオーソリデータを削除しました: 決済 ${r.payments} 件、イベント ${r.events} 件、Webhook 送信記録 ${r.webhookDeliveries} 件\n` +
      `purged authorization data of payments ended before ${r.cutoff}: ${r.payments} payments, ${r.events} events, ${r.webhookDeliveries} webhook deliveries\n`,
  );
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`ivrpay: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

// Runs the retention purge at start and then on an interval; records each run that removed something in the audit
// log (counts only).
import type { Db } from '../db/index.js';
import type { AuditLog } from '../audit.js';
import type { Logger } from '../log/logger.js';
import { purgeAuthorizationData } from './purge.js';

export function scheduleRetention(db: Db, audit: AuditLog, log: Logger, opts: { retentionDays: number; intervalMs: number }): { stop(): void; runNow(): Promise<void> } {
  const run = async () => {
    try {
      const r = await purgeAuthorizationData(db, opts.retentionDays);
      if (r.payments + r.events + r.webhookDeliveries > 0) {
        await audit.record({ actorType: 'system', action: 'retention.purge', detail: { days: opts.retentionDays, payments: r.payments, events: r.events, webhookDeliveries: r.webhookDeliveries } });
        log.info({ ...r, days: opts.retentionDays }, 'retention: authorization data purged');
      }
    } catch (err) {
      log.error({ err: String(err) }, 'retention purge failed; will try again');
    }
  };
  const timer = setInterval(() => void run(), opts.intervalMs);
  timer.unref();
  setImmediate(() => void run());
  return { stop: () => clearInterval(timer), runNow: run };
}

// What the IVR sessions (payment IVR, cancel line) are built from.
import type { CallRegistry } from '../calls/registry.js';
import type { OperatorDialer } from '../calls/operator-dialer.js';
import type { CaptureManager } from '../capture/manager.js';
import type { Switches } from '../esl/switches.js';
import type { Logger } from '../log/logger.js';
import type { MerchantStore } from '../merchants/store.js';
import type { PaymentOperations } from '../payments/operations.js';
import type { PaymentService } from '../payments/service.js';
import type { CallerLockout } from './caller-policy.js';
import type { IvrCallLog } from './call-log.js';
import type { IdentificationIds } from './identification.js';

export interface IvrDeps {
  fs: Switches;
  ids: IdentificationIds;
  lockout: CallerLockout;
  payments: PaymentService;
  capture: CaptureManager;
  merchants: MerchantStore;
  dialer: OperatorDialer;
  calls: CallRegistry;
  callLog: IvrCallLog;
  /** after-approval operations (the cancel line voids or refunds through them) */
  operations: PaymentOperations;
  log: Logger;
  /** longest wait for the closing announcement before the call is handed back anyway */
  announcementTimeoutMs?: number;
}

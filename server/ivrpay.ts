// Builds and starts one ivrpay server from a Config: storage, FreeSWITCH (or the built-in simulator when none
// answers), calls, capture, gateway, HTTP. The same wiring runs `npm start`, the tests and the benchmarks.
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/index.js';
import { kvValue } from './db/kv.js';
import { createLogger, type LogSink, type Logger } from './log/logger.js';
import { MerchantStore } from './merchants/store.js';
import { ApiKeys } from './auth/api-keys.js';
import { WidgetTokens } from './auth/widget-token.js';
import { AuditLog } from './audit.js';
import { EventLog, EVENTS_CHANNEL } from './payments/event-log.js';
import { Leases, leaseKey } from './cluster/leases.js';
import { LocalEventBus, PgEventBus, type EventBus } from './payments/event-bus.js';
import { PaymentService } from './payments/service.js';
import { Authorizer } from './payments/authorizer.js';
import { SandboxGateway } from './gateway/sandbox.js';
import type { PaymentGateway } from './gateway/types.js';
import { GatewayRegistry } from './gateway/registry.js';
import { GatewaySettingsStore } from './gateway/settings/store.js';
import { credentialsCipher } from './gateway/settings/key.js';
import { PaymentOperations } from './payments/operations.js';
import { effectivePayMethods } from './payments/pay-method.js';
import { Switches } from './esl/switches.js';
import type { EslTarget } from './esl/connection.js';
import { CallRegistry } from './calls/registry.js';
import { OperatorDialer } from './calls/operator-dialer.js';
import { CaptureManager } from './capture/manager.js';
import { IdentificationIds } from './transfer/identification.js';
import { CallerLockout } from './transfer/caller-policy.js';
import { IvrCallLog } from './transfer/call-log.js';
import { IvrManager } from './transfer/ivr-manager.js';
import { OneTimeCodes } from './ivr/one-time-codes.js';
import { SandboxSmsProvider } from './sms/sandbox.js';
import { TwilioSmsProvider } from './sms/twilio.js';
import type { SmsProvider } from './sms/types.js';
import { createApp } from './http/app.js';
import { mountDemo } from './demo/routes.js';
import { VirtualPhones } from './demo/virtual-phone.js';
import { seedDemo } from './demo/seed.js';
import { startConsoleServices, type ConsoleServices } from './console-services.js';
import { INTERNAL_PRINCIPAL, type Principal } from './http/auth.js';
import type { DispatcherOptions } from './webhooks/dispatcher.js';
import { Softphones } from './softphone/softphones.js';
import { OperatorTokens } from './softphone/operator-token.js';
import { SipEndpointInfo } from './softphone/sip-endpoint.js';
import { ClickToCall } from './softphone/click-to-call.js';
import { operatorActive } from './softphone/routes.js';

export interface StartOptions {
  logSink?: LogSink;
  /** replaces the built-in sandbox (the gateway of merchants that chose none) */
  gateway?: PaymentGateway;
  /** authorizer inquiry timing (tests shorten it) */
  inquiryBackoffMs?: number[];
  notFoundWindowMs?: number;
  /** webhook retry timing (tests shorten it) */
  webhooks?: DispatcherOptions;
}

export interface Ivrpay {
  url: string;
  config: Config;
  log: Logger;
  db: Db;
  fs: Switches;
  eslTarget: EslTarget;
  simulator: { close(): Promise<void>; dropClients(): void; sipTrace(): string[]; dropSipConnections(): void } | null;
  merchants: MerchantStore;
  keys: ApiKeys;
  payments: PaymentService;
  calls: CallRegistry;
  /** rings operators into calls; holds the calls waiting for a free one */
  dialer: OperatorDialer;
  capture: CaptureManager;
  callLog: IvrCallLog;
  /** operators' browser phones (softphone mode) */
  softphones: Softphones;
  sms: SmsProvider | null;
  /** the built-in sandbox: the gateway of merchants that chose none */
  gateway: PaymentGateway;
  /** each merchant's gateway, and the settings (credentials sealed) they are built from */
  gateways: GatewayRegistry;
  gatewaySettings: GatewaySettingsStore;
  /** sale, void and refund of approved payments */
  operations: PaymentOperations;
  bus: EventBus;
  /** several instances: this instance's id and leases */
  leases: Leases;
  demo: { merchantId: string; apiKey: string; dids: string[] } | null;
  /** the management console's services (accounts, webhooks) and the demo's sign-in */
  console: ConsoleServices;
  close(): Promise<void>;
}

export async function startIvrpay(config: Config, opts: StartOptions = {}): Promise<Ivrpay> {
  const startedAt = Date.now();
  const log = createLogger(config.logLevel, opts.logSink);
  const db = await openDatabase(config.database, { poolSize: config.databasePool });
  const secret = config.secret ?? (await kvValue(db, 'widget_token_secret', () => randomBytes(32).toString('base64url')));
  const merchants = new MerchantStore(db);
  const keys = new ApiKeys(db);
  const tokens = new WidgetTokens(secret, config.widgetTokenTtlS);
  const audit = new AuditLog(db);
  const events = new EventLog(db);
  // one instance on SQLite: events stay in the process; on Postgres every instance hears every event (LISTEN/NOTIFY)
  const pgBus = db.pool ? new PgEventBus(db.pool, events, EVENTS_CHANNEL, log.child({ component: 'event-bus' })) : null;
  await pgBus?.start();
  const bus: EventBus = pgBus ?? new LocalEventBus();
  const ids = new IdentificationIds(db);
  const payments = new PaymentService(db, events, bus, {
    // transfer mode: a payment of a merchant with a payment-IVR number gets an identification id
    issue: async (merchantId, paymentId) => {
      const m = await merchants.get(merchantId);
      return m && (await merchants.hasIvr(merchantId)) ? await ids.issue(merchantId, paymentId, m.settings.idValiditySeconds, m.settings.idReuseBlockHours) : null;
    },
    current: (paymentId) => ids.current(paymentId),
  });
  const gateway = opts.gateway ?? new SandboxGateway(db, config.sandbox);
  const gatewaySettings = new GatewaySettingsStore(db, await credentialsCipher(config.credentialsKey, db, log));
  const gateways = new GatewayRegistry(gatewaySettings, gateway, log.child({ component: 'gateway' }), { timeoutMs: config.gatewayTimeoutMs });
  const authorizer = new Authorizer(gateways, payments, log, {
    timeoutMs: config.gatewayTimeoutMs,
    inquiryBackoffMs: opts.inquiryBackoffMs,
    notFoundWindowMs: opts.notFoundWindowMs,
    registrationFor: async (merchantId) => (await merchants.get(merchantId))?.settings.reRegistration ?? 'replace',
  });
  const operations = new PaymentOperations(db, payments, gateways, log, { timeoutMs: config.gatewayTimeoutMs, inquiryBackoffMs: opts.inquiryBackoffMs, notFoundWindowMs: opts.notFoundWindowMs });
  await operations.reconcileAll();
  const payMethodsFor = async (merchantId: string) => {
    const s = (await merchants.get(merchantId))?.settings;
    return effectivePayMethods({ methods: s?.payMethods ?? [], installmentCounts: s?.installmentCounts ?? [] }, await gateways.capabilities(merchantId));
  };

  // FreeSWITCH (one or several nodes), or the simulator when the first node does not answer (IVRPAY_SIMULATOR=auto)
  // or when asked (on)
  let eslTargets: EslTarget[] = config.eslNodes;
  let eslTarget: EslTarget = config.esl;
  let simulator: Ivrpay['simulator'] = null;
  let simSip: { wsUrl: string; domain: string } | null = null;
  let setSimDirectory: ((url: string) => void) | null = null;
  const useSim = config.simulator === 'on' || (config.simulator === 'auto' && !(await answers(config.esl)));
  if (useSim) {
    const { startSimulator } = await import('../freeswitch/sim/index.js');
    const sim = await startSimulator({
      host: '127.0.0.1',
      port: 0,
      password: config.esl.password,
      soundsDir: resolve(config.soundsDir),
      // the ivrpay-webrtc profile's WebSocket, where the widget's softphone registers (signaling only: no audio)
      sip: { host: config.host },
    });
    simulator = sim;
    if (sim.sip) simSip = { wsUrl: sim.sip.url.replace(/\/\/[^/:]+:/, `//${new URL(config.publicUrl).hostname}:`), domain: sim.sip.domain };
    // mod_xml_curl's binding: the simulator asks this server's directory, as freeswitch/conf's xml_curl.conf.xml does
    setSimDirectory = (url) => sim.setDirectory({ url: `${url}/freeswitch/directory`, credentials: `freeswitch:${config.esl.password}` });
    eslTarget = { host: sim.host, port: sim.port, password: config.esl.password };
    eslTargets = [eslTarget];
    log.warn({ esl: `${sim.host}:${sim.port}` }, `no FreeSWITCH at ${config.esl.host}:${config.esl.port}: running on the built-in FreeSWITCH simulator (calls are simulated)`);
  }
  const fs = new Switches(eslTargets, log);
  // several instances on one Postgres: who acts for each call and capture, and taking over a silent instance's
  const leases = new Leases(db, config.leaseTtlMs, log.child({ component: 'leases' }));
  const calls = new CallRegistry(fs, merchants, log, leases);
  const softphones = new Softphones(config.softphone.credentialTtlS * 1000);
  const sipEndpoint = new SipEndpointInfo(fs, config.softphone, simSip, log);
  // an operator's browser softphone, when it is online, is rung instead of their desk phone
  const dialer = new OperatorDialer(fs, calls, merchants, log, (op) => softphones.dialString(op.id) ?? op.dialString);
  const clickToCall = new ClickToCall(fs, calls, merchants, log);
  const sms = smsProvider(config);
  const capture = new CaptureManager(fs, calls, merchants, payments, authorizer, log, { sms, codes: new OneTimeCodes(), payMethodsFor }, leases);
  const callLog = new IvrCallLog(db, log.child({ component: 'ivr-call-log' }));
  new IvrManager({ fs, ids, lockout: new CallerLockout(), payments, capture, merchants, dialer, calls, callLog, log, operations });
  await capture.recoverAfterRestart();
  await fs.start(3_000).catch((err) => log.error({ reason: String(err.message) }, 'FreeSWITCH is not reachable yet; ivrpay keeps trying'));
  await leases.start(async (lease) => {
    if (lease.kind === 'capture') return capture.takeOver(lease.id, 'instance_lost');
    if (!calls.adopt(lease.id)) await leases.release(leaseKey('call', lease.id)); // the call ended meanwhile
  });

  let demo: Ivrpay['demo'] = null;
  let phones: VirtualPhones | null = null;
  if (config.demo) {
    demo = await seedDemo(db, merchants, keys);
    phones = new VirtualPhones(eslTarget, log.child({ component: 'virtual-phone' }));
    await phones.start(3_000).catch(() => log.warn('the demo virtual phone could not reach FreeSWITCH'));
  }

  const demoName = demo ? ((await merchants.get(demo.merchantId))?.name ?? '') : '';
  let server: ServerType | null = null;
  const ivr = {} as Ivrpay;
  const consoleServices = await startConsoleServices({
    config,
    db,
    log,
    audit,
    keys,
    merchants,
    events,
    bus,
    payments,
    demoMerchantId: demo?.merchantId ?? null,
    webhooks: opts.webhooks,
    app: {
      forward: (path, init, principal: Principal) => Promise.resolve(app.fetch(new Request(new URL(path, 'http://ivrpay.internal'), init), { [INTERNAL_PRINCIPAL]: principal })),
      hasAction: (action) => app.routes.some((r) => r.method === 'POST' && r.path === `/v1/payments/:id/${action}`),
    },
  });
  const app = createApp({
    console: consoleServices.deps,
    log,
    keys,
    tokens,
    payments,
    capture,
    merchants,
    audit,
    events,
    bus,
    calls,
    operations,
    payMethodsFor,
    softphone: {
      db,
      log,
      merchants,
      keys,
      signIn: consoleServices.deps.signIn,
      sessions: consoleServices.deps.sessions,
      audit,
      tokens: new OperatorTokens(secret),
      widgetTokens: tokens,
      softphones,
      clickToCall,
      calls,
      dialer,
      payments,
      fs,
      endpoint: sipEndpoint,
      operatorTokenTtlS: config.softphone.operatorTokenTtlS,
      directory: { softphones, operatorActive: (id) => operatorActive(db, id), credentials: `freeswitch:${config.esl.password}` },
    },
    health: () => ({
      ok: true,
      freeswitch: fs.up ? 'up' : 'down',
      nodes: fs.status().map((n) => ({ ...n, calls: calls.all().filter((c) => c.node === n.node).length })),
      simulator: simulator !== null,
      activeCaptures: capture.active,
      liveCalls: calls.all().length,
    }),
    extra: demo
      ? (a) =>
          mountDemo(a, {
            merchantName: demoName,
            apiKey: demo!.apiKey,
            dids: demo!.dids,
            simulator: simulator !== null,
            phones,
            api: (path, init) => Promise.resolve(app.fetch(new Request(new URL(path, ivr.url), init))),
            sms,
            merchants,
            merchantId: demo!.merchantId,
          })
      : undefined,
  });

  const url = await new Promise<string>((resolveUrl, reject) => {
    server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
      const host = info.address.includes(':') ? `[${info.address}]` : info.address;
      setSimDirectory?.(`http://${info.address.includes(':') ? '[::1]' : '127.0.0.1'}:${info.port}`);
      resolveUrl(config.port === 0 ? `http://${host}:${info.port}` : config.publicUrl);
    });
    server.on('error', reject);
  });

  log.info({ url, ms: Date.now() - startedAt, freeswitch: simulator ? 'simulator' : `${eslTarget.host}:${eslTarget.port}` }, 'ivrpay ready');

  Object.assign(ivr, {
    url,
    config,
    log,
    db,
    fs,
    eslTarget,
    simulator,
    merchants,
    keys,
    payments,
    calls,
    dialer,
    capture,
    callLog,
    softphones,
    sms,
    gateway,
    gateways,
    gatewaySettings,
    operations,
    bus,
    leases,
    demo,
    console: consoleServices,
    async close() {
      await leases.stop();
      authorizer.stop();
      operations.stop();
      consoleServices.stop();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      await phones?.stop();
      await fs.stop();
      await simulator?.close();
      await pgBus?.stop();
      await db.close();
    },
  } satisfies Ivrpay);
  return ivr;
}

function smsProvider(config: Config): SmsProvider | null {
  const c = config.sms;
  if (c.provider === 'twilio') return new TwilioSmsProvider(c);
  return c.provider === 'sandbox' ? new SandboxSmsProvider() : null;
}

/** Whether something accepts TCP connections at the Event Socket address (within 800 ms). */
function answers(target: EslTarget): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: target.host, port: target.port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(800, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

// The one configuration object: read once from IVRPAY_* environment variables, checked with zod, laptop defaults.
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const ms = z.coerce.number().int().min(0).max(600_000);

const ESL_TARGET = /^[^:\s,]+:\d{1,5}(:[^,]*)?$/;
/** `host:port[:password]`, or several FreeSWITCH nodes separated by commas */
const EslTargets = z
  .string()
  .refine((v) => v.split(',').every((t) => ESL_TARGET.test(t.trim())), 'expected host:port[:password], or a comma-separated list of them')
  .transform((v) =>
    v.split(',').map((t) => {
      const [host, port, ...rest] = t.trim().split(':');
      return { host: host!, port: Number(port), password: rest.length ? rest.join(':') : undefined };
    }),
  );

const Env = z.object({
  IVRPAY_HOST: z.string().default('127.0.0.1'),
  IVRPAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** public base URL printed at start and used in links; defaults to http://HOST:PORT */
  IVRPAY_PUBLIC_URL: z.string().url().optional(),
  IVRPAY_DATA_DIR: z.string().default('./data'),
  /** SQLite file; default <data dir>/ivrpay.db */
  IVRPAY_DATABASE: z.string().optional(),
  /** Postgres instead of SQLite (several instances share it): postgres://user:password@host:port/database */
  IVRPAY_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// URL').optional(),
  /** Postgres connections per instance */
  IVRPAY_DATABASE_POOL: z.coerce.number().int().min(2).max(200).default(10),
  /** several instances: how long a dead instance's calls and captures stay its own before another takes them over */
  IVRPAY_LEASE_TTL_MS: z.coerce.number().int().min(1_000).max(600_000).default(10_000),
  /** FreeSWITCH Event Socket, host:port[:password] */
  IVRPAY_ESL: EslTargets.default([{ host: '127.0.0.1', port: 8021, password: undefined }]),
  IVRPAY_ESL_PASSWORD: z.string().min(1).default('ClueCon'),
  /** auto: use the built-in FreeSWITCH simulator when no FreeSWITCH answers at start; on: always; off: never */
  IVRPAY_SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
  /** 32+ characters used to sign widget tokens; default: generated once and kept in the database */
  IVRPAY_SECRET: z.string().min(32).optional(),
  /** AES-256 key sealing the merchants' gateway credentials: 32 bytes as 64 hex digits or base64; default: generated once and kept in the database (development only) */
  IVRPAY_CREDENTIALS_KEY: z
    .string()
    .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, 'base64').length === 32, '32 bytes: 64 hex digits or 44 base64 characters (openssl rand -base64 32)')
    .optional(),
  IVRPAY_WIDGET_TOKEN_TTL_S: z.coerce.number().int().min(30).max(86_400).default(1800),
  /** how long the server waits for the gateway before it treats the answer as unknown and reconciles */
  IVRPAY_GATEWAY_TIMEOUT_MS: ms.default(20_000),
  /** sandbox gateway: simulated network latency, and how long its "timeout" test card hangs */
  IVRPAY_SANDBOX_LATENCY_MS: ms.default(300),
  IVRPAY_SANDBOX_HANG_MS: ms.default(30_000),
  /** serve the demo CRM page and seed a demo merchant */
  IVRPAY_DEMO: bool.default(true),
  IVRPAY_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** days after a payment ends before its authorization data is purged (server/retention/purge.ts) */
  IVRPAY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** how often the server runs the purge */
  IVRPAY_RETENTION_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  // softphone mode: the widget registers operators' browsers to FreeSWITCH's ivrpay-webrtc profile
  /** where browsers reach FreeSWITCH's SIP WebSocket (wss://sip.example.com:7443); default: ws://<FreeSWITCH's ivrpay_sip_ip>:<ivrpay_ws_port>, or the simulator's */
  IVRPAY_SIP_WS_URL: z.string().regex(/^wss?:\/\/[^\s/]+(\/\S*)?$/, 'a ws:// or wss:// URL').optional(),
  /** the SIP domain browsers register in; default FreeSWITCH's $${domain} (asked over ESL), or the simulator's */
  IVRPAY_SIP_DOMAIN: z.string().regex(/^[A-Za-z0-9.-]+$/, 'a host name or address').optional(),
  /** how long one softphone SIP password works (widgets renew it while open) */
  IVRPAY_SIP_CREDENTIAL_TTL_S: z.coerce.number().int().min(60).max(86_400).default(600),
  /** lifetime of an operator token a merchant's server mints with its API key (widget sign-ins last as long as the session) */
  IVRPAY_OPERATOR_TOKEN_TTL_S: z.coerce.number().int().min(60).max(86_400).default(43_200),
  /** FreeSWITCH sounds directory as the simulator should see it (for prompt durations) */
  IVRPAY_SOUNDS_DIR: z.string().default('./freeswitch/sounds'),
  /** SMS for the identity check: sandbox (messages kept in memory, shown on the demo page), twilio, or off */
  IVRPAY_SMS: z.enum(['sandbox', 'twilio', 'off']).default('sandbox'),
  IVRPAY_TWILIO_ACCOUNT_SID: z.string().optional(),
  IVRPAY_TWILIO_AUTH_TOKEN: z.string().optional(),
  IVRPAY_TWILIO_FROM: z.string().optional(),
  IVRPAY_TWILIO_BASE_URL: z.string().url().optional(),
});

export type Config = ReturnType<typeof toConfig>;

function toConfig(e: z.infer<typeof Env>) {
  const publicUrl = e.IVRPAY_PUBLIC_URL ?? `http://${e.IVRPAY_HOST.includes(':') ? `[${e.IVRPAY_HOST}]` : e.IVRPAY_HOST}:${e.IVRPAY_PORT}`;
  return {
    host: e.IVRPAY_HOST,
    port: e.IVRPAY_PORT,
    publicUrl,
    dataDir: e.IVRPAY_DATA_DIR,
    databaseFile: e.IVRPAY_DATABASE ?? `${e.IVRPAY_DATA_DIR}/ivrpay.db`,
    /** what openDatabase opens: the Postgres URL when set, else the SQLite file */
    database: e.IVRPAY_DATABASE_URL ?? e.IVRPAY_DATABASE ?? `${e.IVRPAY_DATA_DIR}/ivrpay.db`,
    databasePool: e.IVRPAY_DATABASE_POOL,
    leaseTtlMs: e.IVRPAY_LEASE_TTL_MS,
    /** the first FreeSWITCH node (single-node deployments, the demo phone) */
    esl: { host: e.IVRPAY_ESL[0]!.host, port: e.IVRPAY_ESL[0]!.port, password: e.IVRPAY_ESL[0]!.password ?? e.IVRPAY_ESL_PASSWORD },
    /** every FreeSWITCH node ivrpay drives */
    eslNodes: e.IVRPAY_ESL.map((t) => ({ host: t.host, port: t.port, password: t.password ?? e.IVRPAY_ESL_PASSWORD })),
    simulator: e.IVRPAY_SIMULATOR,
    secret: e.IVRPAY_SECRET,
    credentialsKey: e.IVRPAY_CREDENTIALS_KEY,
    widgetTokenTtlS: e.IVRPAY_WIDGET_TOKEN_TTL_S,
    gatewayTimeoutMs: e.IVRPAY_GATEWAY_TIMEOUT_MS,
    sandbox: { latencyMs: e.IVRPAY_SANDBOX_LATENCY_MS, hangMs: e.IVRPAY_SANDBOX_HANG_MS },
    demo: e.IVRPAY_DEMO,
    logLevel: e.IVRPAY_LOG_LEVEL,
    soundsDir: e.IVRPAY_SOUNDS_DIR,
    softphone: {
      wsUrl: e.IVRPAY_SIP_WS_URL ?? null,
      domain: e.IVRPAY_SIP_DOMAIN ?? null,
      credentialTtlS: e.IVRPAY_SIP_CREDENTIAL_TTL_S,
      operatorTokenTtlS: e.IVRPAY_OPERATOR_TOKEN_TTL_S,
    },
    sms:
      e.IVRPAY_SMS === 'twilio'
        ? {
            provider: 'twilio' as const,
            accountSid: required(e.IVRPAY_TWILIO_ACCOUNT_SID, 'IVRPAY_TWILIO_ACCOUNT_SID'),
            authToken: required(e.IVRPAY_TWILIO_AUTH_TOKEN, 'IVRPAY_TWILIO_AUTH_TOKEN'),
            from: required(e.IVRPAY_TWILIO_FROM, 'IVRPAY_TWILIO_FROM'),
            baseUrl: e.IVRPAY_TWILIO_BASE_URL,
          }
        : { provider: e.IVRPAY_SMS },
    retentionDays: e.IVRPAY_RETENTION_DAYS,
    retentionIntervalMs: e.IVRPAY_RETENTION_INTERVAL_MS,
    /** console session cookies are Secure (and named __Host-…) when the public URL is https */
    secureCookies: publicUrl.startsWith('https:'),
  };
}

export class ConfigError extends Error {}

function required(v: string | undefined, name: string): string {
  if (!v) throw new ConfigError(`invalid configuration:\n  ${name}: required when IVRPAY_SMS=twilio`);
  return v;
}

/** Parse the environment; throws ConfigError naming each variable that is wrong and why. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('IVRPAY_') && v !== ''));
  const parsed = Env.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return toConfig(parsed.data);
}

// Builds each merchant's gateway adapter from its stored settings (the sandbox when none was chosen), cached until
// the settings change. A merchant whose credentials cannot be opened gets a gateway that refuses everything with
// gateway_configuration_error and sends nothing.
import type { Logger } from '../log/logger.js';
import { GmoPgGateway } from './gmo-pg/gateway.js';
import { StripeGateway } from './stripe/gateway.js';
import type { GatewaySettingsStore } from './settings/store.js';
import type { GatewaySettings } from './settings/kinds.js';
import type { GatewayCapabilities, PaymentGateway } from './types.js';

/** What the payment flow needs: the gateway of a merchant. */
export interface GatewayResolver {
  forMerchant(merchantId: string): PaymentGateway | Promise<PaymentGateway>;
}

export interface RegistryOptions {
  /** the per-request timeout of HTTP gateways (the Authorizer's own timeout aborts earlier) */
  timeoutMs: number;
}

export class GatewayRegistry implements GatewayResolver {
  private readonly cache = new Map<string, { version: string; gateway: PaymentGateway }>();

  constructor(
    private readonly settings: GatewaySettingsStore,
    /** the built-in sandbox (one ledger for all merchants) */
    readonly sandbox: PaymentGateway,
    private readonly log: Logger,
    private readonly opts: RegistryOptions,
  ) {}

  async forMerchant(merchantId: string): Promise<PaymentGateway> {
    const version = await this.settings.version(merchantId);
    if (!version) return this.sandbox;
    const cached = this.cache.get(merchantId);
    if (cached?.version === version) return cached.gateway;
    let gateway: PaymentGateway;
    try {
      const s = (await this.settings.load(merchantId))!;
      gateway = this.build(s, this.log.child({ merchant: merchantId }));
    } catch (err) {
      this.log.error({ merchant: merchantId, reason: (err as Error).message }, 'the merchant\'s gateway cannot be built: its payments are refused until the settings are fixed');
      gateway = new MisconfiguredGateway();
    }
    this.cache.set(merchantId, { version, gateway });
    return gateway;
  }

  async capabilities(merchantId: string): Promise<GatewayCapabilities> {
    return (await this.forMerchant(merchantId)).capabilities;
  }

  private build(s: GatewaySettings, log: Logger): PaymentGateway {
    switch (s.kind) {
      case 'sandbox':
        return this.sandbox;
      case 'gmo-pg':
        return new GmoPgGateway({ ...s.options, ...s.secret }, log);
      case 'stripe':
        return new StripeGateway({ ...s.options, ...s.secret, timeoutMs: this.opts.timeoutMs }, log);
    }
  }
}

/** Stands in for a gateway that cannot be built (credentials sealed with another key): refuses, sends nothing. */
export class MisconfiguredGateway implements PaymentGateway {
  readonly name = 'misconfigured';
  readonly capabilities: GatewayCapabilities = {
    jobs: ['auth', 'capture', 'check', 'register', 'capture+register'],
    methods: [],
    installmentCounts: [],
    currencies: 'any',
    registration: ['replace', 'add'],
    sale: true,
    voidAuthorization: true,
    voidCharge: 'same_day',
    refund: 'partial',
    timeZone: 'Asia/Tokyo',
  };
  async execute() {
    return { kind: 'error' as const, code: 'gateway_configuration_error' as const, charged: false as const };
  }
  async inquire() {
    return null;
  }
  async operate() {
    return { kind: 'refused' as const, code: 'gateway_configuration_error' as const };
  }
  async inquireOperation() {
    return null;
  }
  async cards() {
    return [];
  }
}

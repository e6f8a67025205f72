// Who may use a merchant's payment IVR: the caller allow-list (number prefixes) and the lockout of callers who
// keep keying wrong identification ids. Pure, with the clock passed in.

/** Digits with an optional leading + (what trunks put in caller id, minus formatting). */
export function normalizeNumber(n: string): string {
  const t = n.trim();
  return (t.startsWith('+') ? '+' : '') + t.replace(/[^0-9]/g, '');
}

/** Whether a caller matches one of the prefixes; an empty list allows everyone, an anonymous caller only then. */
export function callerAllowed(caller: string, prefixes: readonly string[]): boolean {
  if (prefixes.length === 0) return true;
  const n = normalizeNumber(caller);
  if (n.replace('+', '') === '') return false;
  return prefixes.some((p) => n.startsWith(normalizeNumber(p)));
}

export interface LockoutRule {
  failures: number;
  windowMinutes: number;
  lockMinutes: number;
}

/** Failed identifications per merchant+caller; locks a caller out after `failures` within the window. */
export class CallerLockout {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  isLocked(merchantId: string, caller: string): boolean {
    const until = this.lockedUntil.get(key(merchantId, caller));
    return until !== undefined && until > this.now();
  }

  /** Records one failed identification; returns true when this failure locks the caller out. */
  fail(merchantId: string, caller: string, rule: LockoutRule): boolean {
    const k = key(merchantId, caller);
    const now = this.now();
    const recent = (this.failures.get(k) ?? []).filter((t) => t > now - rule.windowMinutes * 60_000);
    recent.push(now);
    this.failures.set(k, recent);
    if (recent.length >= rule.failures) {
      this.lockedUntil.set(k, now + rule.lockMinutes * 60_000);
      this.failures.delete(k);
      return true;
    }
    return false;
  }

  succeed(merchantId: string, caller: string): void {
    this.failures.delete(key(merchantId, caller));
  }
}

const key = (merchantId: string, caller: string) => `${merchantId}\u0000${normalizeNumber(caller)}`;

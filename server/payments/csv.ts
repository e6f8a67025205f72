// The payments CSV: UTF-8 with a byte-order mark and CRLF so Excel opens Japanese text correctly, times in the
// merchant's time zone, cells that a spreadsheet would run as formulas neutralized. Masked fields only.
import type { PaymentRow } from './search.js';
import { localDateTime } from './zoned-time.js';

export const BOM = '\uFEFF';

const COLUMNS = [
  ['createdAt', '作成日時', 'created at'],
  ['updatedAt', '更新日時', 'updated at'],
  ['id', '決済ID', 'payment id'],
  ['orderId', '注文番号', 'order id'],
  ['memberId', '会員ID', 'member id'],
  ['job', '処理', 'job'],
  ['amount', '金額', 'amount'],
  ['currency', '通貨', 'currency'],
  ['status', 'ステータス', 'status'],
  ['brand', 'ブランド', 'brand'],
  ['last4', 'カード下4桁', 'last four'],
  ['approvalCode', '承認番号', 'approval code'],
  ['transactionId', '取引ID', 'transaction id'],
  ['operatorId', 'オペレーターID', 'operator id'],
  ['errorCode', 'エラーコード', 'error code'],
] as const;

/** One CSV cell: quoted when needed; a leading = + - @ tab or CR gets a ' so no spreadsheet runs it as a formula. */
export function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function headerLine(lang: 'ja' | 'en'): string {
  return COLUMNS.map(([, ja, en]) => cell(lang === 'ja' ? ja : en)).join(',') + '\r\n';
}

export function rowLine(r: PaymentRow, timeZone: string): string {
  return (
    COLUMNS.map(([key]) => {
      if (key === 'createdAt' || key === 'updatedAt') return cell(localDateTime(r[key], timeZone));
      return cell(r[key]);
    }).join(',') + '\r\n'
  );
}

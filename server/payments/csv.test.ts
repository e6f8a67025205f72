import { describe, expect, it } from 'vitest';
import { cell, headerLine, rowLine } from './csv.js';
import type { PaymentRow } from './search.js';

describe('payments CSV', () => {
  it('quotes what needs quoting and neutralizes formulas', () => {
    expect(cell('plain')).toBe('plain');
    expect(cell('a,b')).toBe('"a,b"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(cell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(cell('-1')).toBe("'-1");
    expect(cell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(cell(-1)).toBe('-1');
    expect(cell(null)).toBe('');
  });
  it('writes Japanese or English headers and local times with CRLF', () => {
    expect(headerLine('ja')).toMatch(/^作成日時,更新日時,決済ID,注文番号,.*\r\n$/);
    expect(headerLine('en')).toMatch(/^created at,updated at,payment id,order id,.*\r\n$/);
    const row = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:01:00.000Z', id: 'pay_1', orderId: '注文-1', memberId: null, job: 'auth', amount: 12800, currency: 'JPY', status: 'approved', brand: 'visa', last4: '4242', approvalCode: 'A1', transactionId: 'tx_1', operatorId: null, errorCode: null } as unknown as PaymentRow;
    expect(rowLine(row, 'Asia/Tokyo')).toBe('2026-01-01 09:00:00,2026-01-01 09:01:00,pay_1,注文-1,,auth,12800,JPY,approved,visa,4242,A1,tx_1,,\r\n');
  });
});

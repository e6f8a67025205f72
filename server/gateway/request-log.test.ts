// Tests that the gateway request log keeps only allow-listed parameters: card fields never reach the logger.
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { MemorySink } from '../log/logger.js';
import { GatewayRequestLog, loggableParams } from './request-log.js';

describe('loggableParams', () => {
  it('keeps allow-listed scalars only', () => {
    const allow = new Set(['OrderID', 'Amount', 'Nested']);
    expect(loggableParams({ OrderID: 'A-1', Amount: 1200, CardNo: '4111111111111111', Expire: '3012', SecurityCode: '123', Nested: { x: 1 } }, allow)).toEqual({ OrderID: 'A-1', Amount: 1200 });
  });
});

describe('GatewayRequestLog', () => {
  it('writes method, endpoint, status, duration and error code, and drops card fields before the logger sees them', () => {
    const sink = new MemorySink();
    // a logger WITHOUT ivrpay's digit redactor: what reaches it is what the request log passed
    const log = new GatewayRequestLog(pino({ level: 'debug' }, sink), new Set(['OrderID', 'JobCd']));
    log.record({ gateway: 'gmo-pg', merchantId: 'mer_1', method: 'POST', endpoint: '/payment/ExecTran.idPass', status: 200, ms: 42, errorCode: 'E01170011', params: { OrderID: 'A-1', JobCd: 'AUTH', CardNo: '4111111111111111', Expire: '3012', SecurityCode: '987' } });
    const line = JSON.parse(sink.text());
    expect(line).toMatchObject({ component: 'gateway', gateway: 'gmo-pg', endpoint: '/payment/ExecTran.idPass', status: 200, ms: 42, errorCode: 'E01170011', params: { OrderID: 'A-1', JobCd: 'AUTH' } });
    expect(sink.text()).not.toMatch(/4111111111111111|3012|987|CardNo|Expire|SecurityCode/);
  });
});

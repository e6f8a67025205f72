import { describe, expect, it } from 'vitest';
import { originAllowed } from './widget-origins.js';

describe('originAllowed', () => {
  const own = 'http://127.0.0.1:8080';
  it('allows any origin when the merchant lists none, and calls without an Origin', () => {
    expect(originAllowed([], 'https://evil.example', own)).toBe(true);
    expect(originAllowed(['https://crm.example.com'], undefined, own)).toBe(true);
  });
  it('allows listed origins and the server itself, refuses the rest', () => {
    const list = ['https://crm.example.com'];
    expect(originAllowed(list, 'https://CRM.example.com', own)).toBe(true);
    expect(originAllowed(list, own, own)).toBe(true);
    expect(originAllowed(list, 'https://crm.example.com.evil.example', own)).toBe(false);
    expect(originAllowed(list, 'http://crm.example.com', own)).toBe(false);
  });
});

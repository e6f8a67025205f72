// GET /v1/merchants/:mid/reports: the merchant's report over local days (default: the last 30).
import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { ApiError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { allow, type ConsoleEnv } from '../http/console-auth.js';
import { localDay } from '../payments/zoned-time.js';
import { daysBetween, type Reports } from './reports.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-mm-dd');
const Query = z.object({ from: Day.optional(), to: Day.optional() }).strict();

export function reportRoutes(reports: Reports) {
  return new Hono<ConsoleEnv>().get('/:mid/reports', describeRoute({ tags: ['reports'], summary: 'Calls, payments, approval rate and capture time per day and per operator' }), validate('query', Query), async (c) => {
    const m = allow(c, 'reports.read');
    const tz = m.settings.timeZone;
    const q = c.req.valid('query');
    const to = q.to ?? localDay(Date.now(), tz);
    const from = q.from ?? localDay(Date.parse(`${to}T12:00:00Z`) - 29 * 86_400_000, 'UTC');
    if (from > to) throw new ApiError(400, 'validation_failed', 'invalid query: from: must not be after to');
    if (daysBetween(from, to).length > 366) throw new ApiError(400, 'validation_failed', 'invalid query: at most 366 days at once');
    return c.json(await reports.build(m.id, from, to, tz));
  });
}

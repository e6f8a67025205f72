// /v1/merchants/:mid/operators: list (everyone of the merchant), create with a temporary password shown once,
// change name/role/phone/status, reset a password. Merchant admins cannot lock themselves out.
import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { ApiError, notFound } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { allow, auditActor, type ConsoleEnv } from '../http/console-auth.js';
import type { AuditLog } from '../audit.js';
import type { Accounts } from './accounts.js';
import type { Sessions } from './sessions.js';
import type { OperatorAdmin } from './operator-admin.js';
import { generatePassword, hashPassword } from './passwords.js';

export interface OperatorRoutesDeps {
  accounts: Accounts;
  sessions: Sessions;
  operatorAdmin: OperatorAdmin;
  audit: AuditLog;
}

export const LoginId = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{2,63}$/, '3-64 characters: letters, digits and . _ @ -, starting with a letter or digit');
const DialString = z.string().trim().min(3).max(200).regex(/^[A-Za-z0-9_/@.:+=-]+$/, 'a FreeSWITCH dial string, e.g. sofia/gateway/pbx/201');
const Role = z.enum(['merchant_admin', 'operator']);
const CreateBody = z.object({ name: z.string().trim().min(1).max(100), loginId: LoginId.optional(), role: Role.default('operator'), dialString: DialString.nullable().optional() }).strict();
const PatchBody = z
  .object({ name: z.string().trim().min(1).max(100), role: Role, status: z.enum(['active', 'disabled']), presence: z.enum(['available', 'away']), dialString: DialString.nullable(), loginId: LoginId })
  .partial()
  .strict();
const Param = z.object({ mid: z.string(), oid: z.string().min(1).max(64) });
const tag = { tags: ['operators'] };

export function operatorRoutes(d: OperatorRoutesDeps) {
  return new Hono<ConsoleEnv>()
    .get('/:mid/operators', describeRoute({ ...tag, summary: "The merchant's operators and admins" }), async (c) => {
      const m = allow(c, 'operators.read');
      return c.json({ operators: await d.operatorAdmin.list(m.id) });
    })
    .post('/:mid/operators', describeRoute({ ...tag, summary: 'Add an operator; with a login id, the answer holds a temporary password, once' }), validate('json', CreateBody), async (c) => {
      const m = allow(c, 'operators.manage');
      const body = c.req.valid('json');
      if (body.loginId && await d.accounts.loginIdTaken(body.loginId)) throw new ApiError(409, 'login_id_taken', `login id ${body.loginId} is already used: choose another`);
      const temporaryPassword = body.loginId ? generatePassword() : null;
      const op = await d.operatorAdmin.create(m.id, body, temporaryPassword ? await hashPassword(temporaryPassword) : null);
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'operator.create', targetId: op.id, detail: { role: op.role, loginId: op.loginId } });
      return c.json({ operator: op, temporaryPassword }, 201);
    })
    .patch('/:mid/operators/:oid', describeRoute({ ...tag, summary: 'Change name, role, phone, presence, status or give a login id' }), validate('param', Param), validate('json', PatchBody), async (c) => {
      const m = allow(c, 'operators.manage');
      const { oid } = c.req.valid('param');
      const { loginId, ...patch } = c.req.valid('json');
      const before = await d.operatorAdmin.get(m.id, oid);
      if (!before) throw notFound('operator');
      const a = c.get('actor');
      if (a.kind === 'user' && a.session.user.id === oid && (patch.status === 'disabled' || (patch.role && patch.role !== before.role))) {
        throw new ApiError(409, 'invalid_state', 'you cannot disable yourself or change your own role: ask another admin');
      }
      let temporaryPassword: string | null = null;
      if (loginId !== undefined && loginId !== before.loginId) {
        if (await d.accounts.loginIdTaken(loginId)) throw new ApiError(409, 'login_id_taken', `login id ${loginId} is already used: choose another`);
        await d.operatorAdmin.setLoginId(m.id, oid, loginId);
        if (!before.loginId) {
          temporaryPassword = generatePassword();
          await d.accounts.setPasswordHash({ kind: 'operator', id: oid }, await hashPassword(temporaryPassword), true);
        }
      }
      const op = (await d.operatorAdmin.update(m.id, oid, patch))!;
      if (patch.status === 'disabled' || (patch.role && patch.role !== before.role)) await d.sessions.endAllFor('operator', oid);
      await d.audit.record({ ...auditActor(a), merchantId: m.id, action: 'operator.update', targetId: oid, detail: { fields: [...Object.keys(patch), ...(loginId ? ['loginId'] : [])].join(','), ...(patch.status ? { status: patch.status } : {}), ...(patch.role ? { role: patch.role } : {}) } });
      return c.json({ operator: op, temporaryPassword });
    })
    .post('/:mid/operators/:oid/reset-password', describeRoute({ ...tag, summary: 'New temporary password (shown once), lifts a lockout, signs the person out' }), validate('param', Param), async (c) => {
      const m = allow(c, 'operators.manage');
      const { oid } = c.req.valid('param');
      const op = await d.operatorAdmin.get(m.id, oid);
      if (!op) throw notFound('operator');
      if (!op.loginId) throw new ApiError(409, 'invalid_state', 'this operator has no login id: give them one first');
      const temporaryPassword = generatePassword();
      await d.accounts.setPasswordHash({ kind: 'operator', id: oid }, await hashPassword(temporaryPassword), true);
      await d.sessions.endAllFor('operator', oid);
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'operator.reset_password', targetId: oid });
      return c.json({ operator: await d.operatorAdmin.get(m.id, oid), temporaryPassword });
    });
}

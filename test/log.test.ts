import { afterEach, describe, expect, it, vi } from 'vitest';
import { log, redact, registerSecret } from '../src/log.js';

afterEach(() => vi.restoreAllMocks());

describe('log redaction', () => {
  it('masks registered secrets and credential-shaped strings', () => {
    registerSecret('registered-secret-value');
    expect(redact('token registered-secret-value in text')).toBe('token *** in text');
    expect(redact('{"app_id":"cli_x","app_secret":"s3cr3t"}')).toBe('{"app_id":"cli_x","app_secret":"***"}');
    expect(redact(String.raw`data: "{\"app_secret\":\"s3cr3t\"}"`)).toBe(String.raw`data: "{\"app_secret\":\"***\"}"`);
    expect(redact("AppSecret: 's3cr3t'")).toBe("AppSecret: '***'");
    expect(redact('Authorization: Bearer t-g1044ubcABCDEFGHIJKLMNOP')).toBe('Authorization: Bearer ***');
    expect(redact('GET https://api.telegram.org/bot123456:AAbbccddeeffgghhiijjkkllmmnnooppqq/getMe')).toBe(
      'GET https://api.telegram.org/bot***/getMe',
    );
    expect(redact('tenant_access_token=t-g1044ubcABCDEFGHIJKLMNOP&x=1')).toBe('tenant_access_token=***&x=1');
    // Chinese messages naming a variable are left alone
    expect(redact('环境变量 LARK_APP_SECRET 不正确：应为字符串')).toBe('环境变量 LARK_APP_SECRET 不正确：应为字符串');
  });

  it('writes an HTTP client error as what it says, not the request it carries', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
      lines.push(String(c));
      return true;
    });
    const config = { url: 'https://open.feishu.cn/x', data: '{"app_id":"cli_x","app_secret":"plain-secret-1"}' };
    // like AxiosError: the request in `config`, and a toJSON that includes it
    const e = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
      config,
      response: { status: 400, data: { code: 10003, msg: 'invalid param' } },
      toJSON: () => ({ message: 'connect ECONNREFUSED', config }),
    });
    log.error('lark failed', { error: new Error('wrapped', { cause: e }), appSecret: 'plain-secret-2' });
    const line = lines.join('');
    expect(line).not.toContain('plain-secret');
    expect(line).toContain('"cause":{"name":"Error","message":"connect ECONNREFUSED","code":"ECONNREFUSED"');
    expect(line).toContain('"apiCode":10003');
    expect(line).not.toContain('open.feishu.cn/x');
  });
});

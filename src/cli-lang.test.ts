// The CLI's own words (help, progress, one-line errors) come from src/report/i18n/cli.ts in the
// language of --lang or of the locale environment.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const TSX = createRequire(import.meta.url).resolve('tsx');

function cli(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, join(root, 'src/cli.ts'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli language', () => {
  it('writes help in Chinese on a zh locale and in English otherwise', () => {
    const zh = cli({ LANG: 'zh_CN.UTF-8' }, 'diff', '--help');
    expect(zh.stdout).toContain('比较同一服务器的两个证据包');
    expect(zh.stdout).toContain('示例：');
    const en = cli({ LANG: 'C.UTF-8' }, 'diff', '--help');
    expect(en.stdout).toContain('compare two bundles of the same server');
    expect(en.stdout).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('says a usage error in the language --lang asks for', () => {
    const r = cli({ LANG: 'C.UTF-8' }, 'explain', 'no-such-rule', '--lang', 'zh-CN');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("没有规则 'no-such-rule'");
  });
});

import { z } from 'zod';
import { importBytes } from '../src/ingest/import-file.js';
import { formatImportSummary } from '../src/cli/format-import.js';
import { defineCommand } from './define.js';

export const importCommand = defineCommand({
  name: 'import',
  description: '导入决算报告：发送 PDF 或文本文件并附言 /import（管理员）',
  adminOnly: true,
  args: z.object({ partial: z.boolean(), replace: z.boolean() }),
  parse: (rest) => ({ partial: /partial|部分/.test(rest), replace: /replace|替换/.test(rest) }),
  run: async ({ partial, replace }, deps) => {
    if (!deps.file) return { kind: 'message', title: '请发送报告文件', text: '把决算报告（PDF 或 UTF-8 文本）作为文件发到本聊天，并在说明里写 /import。', table: null };
    const s = await importBytes(deps.db, deps.file.name, deps.file.bytes, { partial, replace, maxBytes: deps.maxImportBytes });
    deps.lib.invalidate();
    return { kind: 'message', title: `${s.unitName} ${s.year}年度决算：${s.status === 'unchanged' ? (s.supersededBy ? `旧版本文件，现以 ${s.supersededBy} 为准，未做修改` : '文件未变化，未做修改') : s.status === 'replaced' ? '已替换旧版本' : '已导入'}`, text: formatImportSummary(s), table: null };
  },
});

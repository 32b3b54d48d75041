import type { Subject } from '../query/query.js';
import type { ReportView } from '../query/report-view.js';

/** Words around the thing asked that no purpose sentence says: 那块, 方面, 的钱 … */
const AROUND = /那块|这块|那一块|这一块|方面|的钱|经费|费用|资金|花了?|用了?|支出了?|一共|总共|大概|多少钱?|[？?]/g;

/**
 * The 项 a question names by what their money went to (旅游厕所花了多少: 地方旅游开发项目补助, whose 说明 says 「主要用于：
 * 旅游厕所质量提升工程」): each 项 fact of the prose whose 项 name its purpose sentence carries before 「（项）」, when that
 * sentence holds the words asked (two characters at least). Empty when none does.
 */
export function subjectsByPurpose(view: ReportView, asked: string): { words: string; subjects: Subject[] } {
  const words = asked.replace(AROUND, '');
  if (words.length < 2) return { words, subjects: [] };
  const out = new Map<string, Subject>();
  for (const p of view.purposes) {
    const text = p.text.replace(/\s/g, '');
    const at = text.search(/主要(?:是)?(?:用于|包括)/);
    if (at < 0 || !text.slice(at).includes(words)) continue;
    for (const f of view.facts) {
      const code = view.factCode.get(f);
      if (!code || !f.subject.startsWith('项:')) continue;
      const name = f.subject.split('/').at(-1)!;
      if (text.slice(0, at).includes(`${name}（项）`) || text.slice(0, at).includes(`${name}(项)`))
        out.set(code, { type: 'code', code, classification: 'function', name });
    }
  }
  return { words, subjects: [...out.values()] };
}
